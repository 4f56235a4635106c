import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { getApi } from '~/utils/api.server'
import { PageIntro } from '../../trust/components/Text'
import { trustMeta } from '../../trust/http'

// Opening the link shows what it gives; a button press downloads, so mail
// scanners that follow links do not count as downloads. Never cached.
export const handle: RouteHandle = { hydrate: false }
export const headers: HeadersFunction = () => new Headers({ 'Cache-Control': 'no-store' })
export const meta: MetaFunction = () => [...trustMeta('Download a document', 'Download a confidential security document.'), { name: 'robots', content: 'noindex' }]

const invalid = 'This download link is invalid or has expired. Request the document again from the trust center.'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const { api } = await getApi(request, context)
  try {
    const download = await api.trust.describeDownload({ token })
    return json({ token, download: { ...download, expiresAt: download.expiresAt.toISOString() } })
  } catch {
    return json({ token: '', download: null }, { status: 404 })
  }
}

export default function DownloadDocument() {
  const { token, download } = useLoaderData<typeof loader>()
  if (!download) {
    return (
      <>
        <PageIntro title="Download a document" />
        <p role="alert" className="form-error">
          {invalid} <a href="/trust/documents#request">Request a document</a>
        </p>
      </>
    )
  }
  return (
    <>
      <PageIntro title={download.documentTitle} lede="Confidential: shared with you under the terms you accepted." />
      <form method="post" action="/trust/documents/file" className="subscribe-form" aria-label="Download the document">
        <input type="hidden" name="token" value={token} />
        <p>
          Prepared for <strong>{download.name}</strong> ({download.email}), {download.company}. Every page of the PDF carries this
          name, and each download is recorded. The link works until{' '}
          <time dateTime={download.expiresAt}>{new Date(download.expiresAt).toUTCString()}</time>.
        </p>
        <button type="submit">Download PDF</button>
      </form>
    </>
  )
}
