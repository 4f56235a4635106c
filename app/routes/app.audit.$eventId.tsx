import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getApi } from '~/utils/api.server'
import { loaderError } from '~/utils/errors.server'

export const meta: MetaFunction = () => [{ title: 'Audit event · Hireproof' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json({ event: await api.audit.get({ eventId: params.eventId ?? '' }) })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Change = { field: string; before: string; after: string }

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v))

/** Field-by-field differences between metadata.before and metadata.after. */
function changesOf(metadata: Record<string, unknown>): Change[] {
  const before = (metadata.before ?? {}) as Record<string, unknown> | null
  const after = (metadata.after ?? {}) as Record<string, unknown> | null
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  return [...fields]
    .map((field) => ({ field, before: show(before?.[field]), after: show(after?.[field]) }))
    .filter((c) => c.before !== c.after)
}

export default function AuditEventDetail() {
  const { event } = useLoaderData<typeof loader>()
  const changes = changesOf(event.metadata)
  const { before: _b, after: _a, ...context } = event.metadata
  return (
    <>
      <p>
        <Link to="/app/audit">← Audit log</Link>
      </p>
      <h1>
        Event {event.seq}: <code>{event.action}</code>
      </h1>
      <dl className="details">
        <dt>When</dt>
        <dd>{new Date(event.occurredAt).toISOString()}</dd>
        <dt>Actor</dt>
        <dd>
          {event.actorType} {event.actorEmail ?? ''} {event.actorId ? <code>{event.actorId}</code> : null}
        </dd>
        <dt>Outcome</dt>
        <dd>{event.success ? 'Succeeded' : 'Failed'}</dd>
        <dt>From</dt>
        <dd>
          {event.ip || '—'} · {event.userAgent || '—'}
        </dd>
        <dt>Request id</dt>
        <dd>
          <code>{event.requestId}</code>
        </dd>
        <dt>Targets</dt>
        <dd>{event.targets.map((t) => `${t.type} ${t.label ?? ''} (${t.id})`).join(', ') || '—'}</dd>
        <dt>Hash</dt>
        <dd>
          <code>{event.hash}</code>
          <br />
          <span className="hint">
            previous <code>{event.prevHash}</code>
          </span>
        </dd>
      </dl>
      {changes.length ? (
        <>
          <h2>Changes</h2>
          <table aria-label="Changes">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{c.field}</th>
                  <td className="diff-before">{c.before}</td>
                  <td className="diff-after">{c.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {Object.keys(context).length ? (
        <>
          <h2>Context</h2>
          <pre className="card">{JSON.stringify(context, null, 2)}</pre>
        </>
      ) : null}
    </>
  )
}
