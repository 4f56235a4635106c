import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { DocumentToc } from '../../trust/components/Documents'
import { DateText, PageIntro, Prose } from '../../trust/components/Text'
import { privacyPolicy } from '../../trust/documents'
import { trustHeaders, trustMeta } from '../../trust/http'
import { etagFor, revalidate, loadDocument } from '~/utils/trust.server'

export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const meta: MetaFunction = () =>
  trustMeta('Privacy policy', 'How Hireproof handles personal data of customers, candidates and visitors, and your rights under GDPR, CCPA and KVKK.')

export async function loader({ request }: LoaderFunctionArgs) {
  const { html, headings, source } = loadDocument(privacyPolicy.file)
  const headers = revalidate(request, etagFor('privacy', privacyPolicy, source))
  return json({ html, headings: headings.filter((h) => h.depth === 2) }, { headers })
}

export default function TrustPrivacy() {
  const { html, headings } = useLoaderData<typeof loader>()
  return (
    <>
      <PageIntro title="Privacy policy" />
      <p className="doc-version__line">
        <strong>Version {privacyPolicy.version}</strong> · effective <DateText date={privacyPolicy.effectiveAt} />
      </p>
      <DocumentToc headings={headings} label="Sections of the privacy policy" />
      <Prose html={html} className="doc-body" />
    </>
  )
}
