import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { loadUptimeHistory } from '~/utils/trust-status.server'
import { contacts } from '../../trust/company'
import { Badge } from '../../trust/components/Status'
import { DateText, PageIntro } from '../../trust/components/Text'
import { trustHeaders, trustMeta } from '../../trust/http'
import { impactLabel, incidents, statusRevision, type IncidentImpact } from '../../trust/status'
import { etagFor, revalidate } from '~/utils/trust.server'

export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const meta: MetaFunction = () => trustMeta('Status', 'Hireproof uptime history and notes on past incidents.')

export async function loader({ request }: LoaderFunctionArgs) {
  const uptime = await loadUptimeHistory()
  const headers = revalidate(request, etagFor('status', incidents, statusRevision, uptime))
  return json({ uptime }, { headers })
}

const impactTone: Record<IncidentImpact, 'neutral' | 'progress' | 'warn'> = {
  none: 'neutral',
  minor: 'progress',
  major: 'warn',
  critical: 'warn',
}

const percent = (ok: number, checks: number) => (checks === 0 ? '–' : `${((ok / checks) * 100).toFixed(2)}%`)

function minutes(total: number) {
  if (total < 60) return `${total} min`
  const h = Math.floor(total / 60)
  return total % 60 ? `${h} h ${total % 60} min` : `${h} h`
}

export default function TrustStatus() {
  const { uptime } = useLoaderData<typeof loader>()
  const totals = uptime.reduce((t, d) => ({ checks: t.checks + d.checks, ok: t.ok + d.ok }), { checks: 0, ok: 0 })
  return (
    <>
      <PageIntro
        title="Status"
        lede="Uptime history of the Hireproof service and notes on every incident that affected customers."
        revision={statusRevision}
      />

      <section aria-labelledby="uptime" className="trust-section">
        <h2 id="uptime">Uptime history</h2>
        <p>
          Every minute each server checks its own health (including its database). A day's uptime is the share of its
          checked minutes in which no check failed (UTC days).
        </p>
        {uptime.length === 0 ? (
          <p className="trust-empty">Uptime history appears once the service has recorded health checks.</p>
        ) : (
          <>
            <p className="uptime-total">
              <strong>{percent(totals.ok, totals.checks)}</strong> over the last {uptime.length === 1 ? 'day' : `${uptime.length} days`} (
              {totals.ok.toLocaleString('en')} of {totals.checks.toLocaleString('en')} checked minutes healthy)
            </p>
            <div className="table-scroll" role="region" aria-label="Uptime by day (table)" tabIndex={0}>
              <table className="uptime-table">
                <caption>Checked minutes per day</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Minutes checked</th>
                    <th scope="col">Healthy</th>
                    <th scope="col">Uptime</th>
                  </tr>
                </thead>
                <tbody>
                  {[...uptime].reverse().map((d) => (
                    <tr key={d.day}>
                      <th scope="row">
                        <DateText date={d.day} />
                      </th>
                      <td>{d.checks}</td>
                      <td>{d.ok}</td>
                      <td>{percent(d.ok, d.checks)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="incidents" className="trust-section">
        <h2 id="incidents">Incident notes</h2>
        {incidents.length === 0 ? (
          <p className="trust-empty">No incidents have affected customers.</p>
        ) : (
          <ol className="incident-list">
            {incidents.map((incident) => (
              <li key={incident.id}>
                <article id={incident.id} className="incident" aria-labelledby={`${incident.id}-title`}>
                  <h3 id={`${incident.id}-title`}>{incident.title}</h3>
                  <p className="incident__meta">
                    <DateText date={incident.date} /> · <Badge tone={impactTone[incident.impact]}>Impact: {impactLabel[incident.impact]}</Badge> ·{' '}
                    {incident.scope} · {minutes(incident.durationMinutes)}
                  </p>
                  <dl className="incident__body">
                    <dt>What happened</dt>
                    <dd>{incident.summary}</dd>
                    <dt>Resolution</dt>
                    <dd>{incident.resolution}</dd>
                  </dl>
                </article>
              </li>
            ))}
          </ol>
        )}
        <p className="trust-meta">
          To report a problem, write to <a href={`mailto:${contacts.security}`}>{contacts.security}</a> for security issues or
          contact support from inside the app.
        </p>
      </section>
    </>
  )
}
