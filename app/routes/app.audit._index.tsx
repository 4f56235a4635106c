import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { getApi } from '~/utils/api.server'
import { loaderError } from '~/utils/errors.server'
import { usePermissions } from '~/utils/permissions'
import { auditActionOptions } from '~/utils/audit-actions.server'
import type { AuditEventRow } from '../../server/audit/query'

export const meta: MetaFunction = () => [{ title: 'Audit log · Hireproof' }]

const filterKeys = ['action', 'actor', 'targetType', 'target', 'from', 'to', 'q'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  const params = new URL(request.url).searchParams
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined]))
  try {
    const [page, verification] = await Promise.all([
      api.audit.list({ ...filters, before: params.get('before') ?? undefined } as never),
      api.audit.verify(),
    ])
    return json({ page, verification, actions: auditActionOptions(), invalid: null as string | null })
  } catch (error) {
    // Bad filter values: show the form with the message instead of an error page.
    if (error instanceof Error && 'code' in error && error.code === 'BAD_REQUEST') {
      return json(
        { page: { events: [] as AuditEventRow[], nextBefore: null as number | null }, verification: null, actions: auditActionOptions(), invalid: error.message },
        { status: 400 },
      )
    }
    return loaderError(error, request)
  }
}

export default function AuditLog() {
  const { page, verification, actions, invalid } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { can } = usePermissions()
  const filterQuery = new URLSearchParams([...params].filter(([k, v]) => k !== 'before' && v !== ''))
  const olderQuery = new URLSearchParams(filterQuery)
  if (page.nextBefore) olderQuery.set('before', String(page.nextBefore))
  return (
    <>
      <div className="page-title">
        <h1>Audit log</h1>
        {can('audit.export') ? (
          <span className="actions">
            <a className="button" href={`/app/audit/export.csv?${filterQuery}`}>
              Export CSV
            </a>
            <a className="button" href={`/api/audit/export.ndjson?${filterQuery}`}>
              Export NDJSON (verifiable)
            </a>
          </span>
        ) : null}
      </div>
      {verification ? (
        <p role="status" className={verification.result.ok ? 'ok' : 'form-error'}>
          {verification.result.ok
            ? `Chain verified: ${verification.result.checked} events, unbroken.`
            : `Chain broken at event ${verification.result.brokenAtSeq}: ${verification.result.reason}`}
          {verification.checkpoint
            ? ` Last signed checkpoint: ${verification.checkpoint.day}, event ${verification.checkpoint.seq}.`
            : ''}
        </p>
      ) : null}

      <Form method="get" className="card filters" aria-label="Filter audit events">
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="f-q">Search</label>
            <input id="f-q" name="q" type="search" defaultValue={params.get('q') ?? ''} placeholder="words in the event" />
          </div>
          <div className="field">
            <label htmlFor="f-action">Action</label>
            <select id="f-action" name="action" defaultValue={params.get('action') ?? ''}>
              <option value="">Any action</option>
              {actions.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-actor">Actor (email or id)</label>
            <input id="f-actor" name="actor" defaultValue={params.get('actor') ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="f-target">Target id</label>
            <input id="f-target" name="target" defaultValue={params.get('target') ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="f-from">From</label>
            <input id="f-from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="f-to">Before</label>
            <input id="f-to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
          </div>
        </div>
        <button type="submit" className="button primary">
          Filter
        </button>{' '}
        <Link to="/app/audit">Clear</Link>
      </Form>
      {invalid ? (
        <p className="form-error" role="alert">
          {invalid}
        </p>
      ) : null}

      {page.events.length === 0 ? (
        <p className="empty">No events match.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When (UTC)</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Targets</th>
            </tr>
          </thead>
          <tbody>
            {page.events.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/app/audit/${e.id}`}>{e.seq}</Link>
                </td>
                <td>{new Date(e.occurredAt).toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td>
                  {e.actorEmail ?? e.actorType.toLowerCase()}
                  {e.actorType !== 'USER' ? <span className="badge">{e.actorType.toLowerCase()}</span> : null}
                </td>
                <td>
                  <code>{e.action}</code>
                  {e.success ? null : <span className="badge">failed</span>}
                </td>
                <td>{e.targets.map((t) => `${t.type}: ${t.label ?? t.id}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.nextBefore ? (
        <p>
          <Link to={`/app/audit?${olderQuery}`}>Older events →</Link>
        </p>
      ) : null}
    </>
  )
}
