import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { DocumentToc } from '../../trust/components/Documents'
import { DateText, PageIntro, Prose } from '../../trust/components/Text'
import { acknowledgements, disclosureRevision, responseTimes } from '../../trust/disclosure'
import { disclosurePolicy } from '../../trust/documents'
import { trustHeaders, trustMeta } from '../../trust/http'
import { etagFor, revalidate, loadDocument } from '~/utils/trust.server'

export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const meta: MetaFunction = () =>
  trustMeta('Vulnerability disclosure', 'How to report a security vulnerability in Hireproof: scope, safe harbour and response times.')

export async function loader({ request }: LoaderFunctionArgs) {
  const { html, headings, source } = loadDocument(disclosurePolicy.file)
  const headers = revalidate(request, etagFor('disclosure', source, responseTimes, acknowledgements, disclosureRevision))
  return json({ html, headings: headings.filter((h) => h.depth === 2) }, { headers })
}

export default function TrustDisclosure() {
  const { html, headings } = useLoaderData<typeof loader>()
  return (
    <>
      <PageIntro title="Vulnerability disclosure policy" revision={disclosureRevision} />
      <DocumentToc
        headings={headings}
        label="Sections of the disclosure policy"
        extra={[
          { id: 'response-times', text: 'Response times' },
          { id: 'acknowledgements', text: 'Acknowledgements' },
        ]}
      />
      <Prose html={html} className="doc-body" />

      <section aria-labelledby="response-times" className="trust-section">
        <h2 id="response-times">Response times</h2>
        <div className="table-scroll" role="region" aria-label="Response times (table)" tabIndex={0}>
          <table>
            <caption>What you can expect after reporting</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {responseTimes.map((row) => (
                <tr key={row.step}>
                  <th scope="row">{row.step}</th>
                  <td>{row.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="trust-meta">Fix times count from when we confirm the issue. Severity follows CVSS and the real impact on customers.</p>
      </section>

      <section aria-labelledby="acknowledgements" className="trust-section">
        <h2 id="acknowledgements">Acknowledgements</h2>
        {acknowledgements.length === 0 ? (
          <p className="trust-empty">No one is listed yet. Your name could be the first.</p>
        ) : (
          <ul>
            {acknowledgements.map((a) => (
              <li key={`${a.name}-${a.date}`}>
                {a.name}, <DateText date={a.date} />: {a.note}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
