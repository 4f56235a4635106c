import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { contacts } from '../../trust/company'
import { DocumentToc, DpaHistory } from '../../trust/components/Documents'
import { DateText, PageIntro, Prose } from '../../trust/components/Text'
import { trustHeaders, trustMeta } from '../../trust/http'
import { loadDpa, revalidate } from '~/utils/trust.server'

export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const meta: MetaFunction = () =>
  trustMeta('Data Processing Addendum', 'Hireproof’s Data Processing Addendum: every version, its change history and a printable copy.')

export async function loader({ request }: LoaderFunctionArgs) {
  const { etag, data } = loadDpa(request, 'read')
  return json(data, { headers: revalidate(request, etag) })
}

export default function TrustDpa() {
  const { version, html, headings, current, upcoming, supersededAt, versions } = useLoaderData<typeof loader>()
  const isCurrent = version.version === current
  return (
    <>
      <PageIntro
        title="Data Processing Addendum"
        lede="The terms under which Hireproof processes personal data for its customers. It is part of our customer terms and applies without a separate signature."
      />

      <div className="doc-version">
        <p className="doc-version__line">
          <strong>Version {version.version}</strong>
          {isCurrent ? (
            <>
              {' '}
              · in effect since <DateText date={version.effectiveAt} />
            </>
          ) : upcoming?.version === version.version ? (
            <>
              {' '}
              · takes effect on <DateText date={version.effectiveAt} />
            </>
          ) : (
            <>
              {' '}
              · applied from <DateText date={version.effectiveAt} />
              {supersededAt ? (
                <>
                  {' '}
                  until <DateText date={supersededAt} />
                </>
              ) : null}
            </>
          )}{' '}
          · published <DateText date={version.publishedAt} />
        </p>
        {!isCurrent ? (
          <p className="doc-version__warning">
            This is not the version in force. <a href="/trust/dpa">Read the current version ({current})</a>.
          </p>
        ) : null}
        {isCurrent && upcoming ? (
          <p className="doc-version__notice">
            Version {upcoming.version} takes effect on <DateText date={upcoming.effectiveAt} />.{' '}
            <a href={`/trust/dpa?version=${encodeURIComponent(upcoming.version)}`}>Read version {upcoming.version}</a>.
          </p>
        ) : null}
        <div className="doc-actions">
          <a className="button" href={`/trust/dpa/print?version=${encodeURIComponent(version.version)}`}>
            Printable version
          </a>
          <form method="get" action="/trust/dpa" className="inline-form">
            <label htmlFor="dpa-version">Version</label>
            <select id="dpa-version" name="version" defaultValue={version.version}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version} (effective {v.effectiveAt})
                </option>
              ))}
            </select>
            <button type="submit" className="button">
              Show
            </button>
          </form>
        </div>
      </div>

      <DocumentToc headings={headings} label="Sections of the DPA" extra={[{ id: 'change-history', text: 'Change history' }]} />

      <Prose html={html} className="doc-body" />

      <section aria-labelledby="change-history" className="trust-section">
        <h2 id="change-history">Change history</h2>
        <DpaHistory versions={versions} current={current} linkVersions />
        <p className="trust-meta">
          New versions are published here at least 30 days before they take effect. Questions about the DPA:{' '}
          <a href={`mailto:${contacts.legal}`}>{contacts.legal}</a>.
        </p>
      </section>
    </>
  )
}
