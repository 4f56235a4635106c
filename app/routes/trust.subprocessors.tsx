import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { contacts } from '../../trust/company'
import { Badge } from '../../trust/components/Status'
import { DateText, PageIntro } from '../../trust/components/Text'
import { trustHeaders, trustMeta } from '../../trust/http'
import { noticeDays, subprocessorName, subprocessorView, type SubprocessorChangeType } from '../../trust/subprocessors'
import { etagFor, revalidate, subprocessorRegistry } from '~/utils/trust.server'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'

export const handle: RouteHandle = { hydrate: false }
// A subscription answer is personal: never cached. The page itself is public.
export const headers: HeadersFunction = (args) =>
  args.actionHeaders.has('Cache-Control') ? new Headers({ 'Cache-Control': 'no-store' }) : trustHeaders(args)
export const meta: MetaFunction = () =>
  trustMeta('Sub-processors', 'The companies that process customer data for Hireproof, where, under which safeguards, and announced changes.')

export async function loader({ request }: LoaderFunctionArgs) {
  const now = new Date()
  const registry = await subprocessorRegistry()
  const view = subprocessorView(registry, now)
  const named = <T extends { subprocessor: string }>(change: T) => ({ ...change, name: subprocessorName(registry, change.subprocessor) })
  const data = {
    current: view.current,
    upcoming: view.upcoming.map(named),
    changes: view.changes.map((c) => ({ ...named(c), upcoming: view.upcoming.includes(c) })),
    revision: view.revision,
    today: now.toISOString().slice(0, 10),
  }
  const headers = revalidate(request, etagFor('subprocessors', data))
  return json(data, { headers })
}

/** Subscribes to change notices (double opt-in). A public form: no session, no cookie, rate-limited. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const { api } = await getApi(request, context)
  const noStore = { 'Cache-Control': 'no-store' }
  try {
    await api.trust.subscribe({ email: String(form.get('email') ?? '') })
  } catch (error) {
    const response = actionError(error)
    response.headers.set('Cache-Control', 'no-store')
    return response
  }
  return json<ActionErrors & { message?: string }>(
    { message: 'Check your inbox: we sent a link to confirm. Nothing is sent to you until you click it.' },
    { headers: noStore },
  )
}

const changeTone: Record<SubprocessorChangeType, 'ok' | 'warn' | 'neutral'> = { added: 'ok', removed: 'warn', changed: 'neutral' }
const changeLabel: Record<SubprocessorChangeType, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' }

export default function TrustSubprocessors() {
  const { current: list, upcoming: pending, changes, revision, today } = useLoaderData<typeof loader>()
  const subscription = useActionData<ActionErrors & { message?: string }>()

  return (
    <>
      <PageIntro
        title="Sub-processors"
        lede={`These companies process customer data on our behalf. We announce every change at least ${noticeDays} days before it takes effect.`}
        revision={revision}
      />

      <div className="callout">
        <p>
          Follow changes in your tools: <a href="/trust/subprocessors.atom">Atom feed</a> ·{' '}
          <a href="/trust/subprocessors.json">JSON</a>. Customers also receive announcements by email and may object during the
          notice period, as section 6 of the <a href="/trust/dpa">DPA</a> describes. Questions:{' '}
          <a href={`mailto:${contacts.privacy}`}>{contacts.privacy}</a>.
        </p>
      </div>

      <section aria-labelledby="subscribe" className="trust-section">
        <h2 id="subscribe">Change notices by email</h2>
        <p>
          Get an email whenever we announce a change to this list. We first send a link to confirm the address; nothing else is
          sent until you click it, and every notice has an unsubscribe link.
        </p>
        {subscription?.message ? (
          <p role="status" className="callout">
            {subscription.message}
          </p>
        ) : null}
        {subscription?.formError ? (
          <p role="alert" className="form-error">
            {subscription.fieldErrors?.email ?? subscription.formError}
          </p>
        ) : null}
        <form method="post" action="/trust/subprocessors#subscribe" className="subscribe-form" aria-label="Subscribe to change notices">
          <label htmlFor="subscribe-email">Email address</label>
          <input id="subscribe-email" name="email" type="email" autoComplete="email" required maxLength={254} />
          <button type="submit">Subscribe</button>
        </form>
      </section>

      {pending.length > 0 ? (
        <section aria-labelledby="upcoming" className="trust-section">
          <h2 id="upcoming">Upcoming changes</h2>
          <ul className="change-cards">
            {pending.map((change) => (
              <li key={change.id} className="change-card">
                <p className="change-card__title">
                  <Badge tone={changeTone[change.type]}>{changeLabel[change.type]}</Badge> {change.name}
                </p>
                <p>{change.summary}</p>
                <p className="trust-meta">
                  Announced <DateText date={change.announcedAt} />, takes effect <DateText date={change.effectiveAt} />.
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="current" className="trust-section">
        <h2 id="current">Current sub-processors</h2>
        <div className="table-scroll" role="region" aria-label="Current sub-processors (table)" tabIndex={0}>
          <table className="sub-table">
            <caption>
              Sub-processors processing customer data on <DateText date={today} />
            </caption>
            <thead>
              <tr>
                <th scope="col">Sub-processor</th>
                <th scope="col">Purpose</th>
                <th scope="col">Data shared</th>
                <th scope="col">Location</th>
                <th scope="col">Transfer safeguard</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id} id={`sub-${s.id}`}>
                  <th scope="row">
                    <span className="sub-name">{s.name}</span>
                    <span className="sub-entity">{s.entity}</span>
                    {s.optional ? <Badge tone="neutral">Optional</Badge> : null}
                  </th>
                  <td>{s.purpose}</td>
                  <td>{s.dataShared}</td>
                  <td>{s.location}</td>
                  <td>{s.safeguard}</td>
                  <td>
                    <DateText date={s.since} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="trust-meta">“Optional” sub-processors receive data only after an admin of your organization enables the feature that uses them.</p>
      </section>

      <section aria-labelledby="changes" className="trust-section">
        <h2 id="changes">Announced changes</h2>
        <div className="table-scroll" role="region" aria-label="Announced changes (table)" tabIndex={0}>
          <table className="changes-table">
            <caption>Changes to the sub-processor list, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Type</th>
                <th scope="col">Announced</th>
                <th scope="col">Effective</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.id} id={`change-${change.id}`}>
                  <th scope="row">
                    <span className="sub-name">{change.name}</span>
                    <span className="sub-entity">{change.summary}</span>
                  </th>
                  <td>
                    <Badge tone={changeTone[change.type]}>{changeLabel[change.type]}</Badge>
                  </td>
                  <td>
                    <DateText date={change.announcedAt} />
                  </td>
                  <td>
                    <DateText date={change.effectiveAt} />
                    {change.upcoming ? (
                      <>
                        {' '}
                        <Badge tone="progress">Upcoming</Badge>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
