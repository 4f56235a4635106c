import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import trustStyles from '~/styles/trust.css'
import { DpaHistory } from '../../trust/components/Documents'
import { DateText, Prose } from '../../trust/components/Text'
import { trustHeaders, trustMeta } from '../../trust/http'
import { loadDpa, revalidate } from '~/utils/trust.server'

// /trust/dpa/print: the DPA alone, without the trust-center header, navigation
// or footer (the route sits outside the trust layout), styled for paper.
export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: trustStyles }]
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  trustMeta(`Data Processing Addendum ${data?.version.version ?? ''}, printable`, 'Printable copy of Hireproof’s Data Processing Addendum.')

export async function loader({ request }: LoaderFunctionArgs) {
  const { etag, data } = loadDpa(request, 'print')
  return json(data, { headers: revalidate(request, etag) })
}

export default function TrustDpaPrint() {
  const { version, html, current, versions } = useLoaderData<typeof loader>()
  return (
    <main id="main" className="print-doc">
      <p className="print-toolbar no-print">
        <a href={`/trust/dpa?version=${encodeURIComponent(version.version)}`}>Back to the online version</a>
        <span> · Use your browser’s print command to print or save as PDF.</span>
      </p>
      <div className="print-doc__head">
        <p className="print-doc__brand">Hireproof</p>
        <h1>Data Processing Addendum</h1>
        <p>
          Version {version.version} · effective <DateText date={version.effectiveAt} /> · published <DateText date={version.publishedAt} />
          {version.version !== current ? ` · superseded by version ${current}` : ''}
        </p>
      </div>
      <Prose html={html} className="doc-body" />
      <section aria-labelledby="change-history" className="print-section">
        <h2 id="change-history">Change history</h2>
        <DpaHistory versions={versions} current={current} />
      </section>
      <section aria-labelledby="signatures" className="print-section print-signatures">
        <h2 id="signatures">Signatures (optional)</h2>
        <p>This DPA applies without signature. Where a signed copy is required, both parties may sign below.</p>
        <table>
          <caption>Signature blocks</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">Customer</th>
              <th scope="col">Hireproof</th>
            </tr>
          </thead>
          <tbody>
            {['Name', 'Title', 'Signature', 'Date'].map((row) => (
              <tr key={row}>
                <th scope="row">{row}</th>
                <td />
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  )
}
