import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import type { RouteHandle } from '~/root'
import { getApi } from '~/utils/api.server'

// A resource route, so the answer to the download form is the file itself.
export const handle: RouteHandle = { hydrate: false }

/** POST /trust/documents/file: the watermarked PDF for a valid link (logged), else back to the link's page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const token = String(form.get('token') ?? '')
  const { api } = await getApi(request, context)
  try {
    const { filename, base64, sha256 } = await api.trust.downloadDocument({ token })
    const pdf = Buffer.from(base64, 'base64')
    return new Response(pdf, {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Content-Length': String(pdf.length),
        'Cache-Control': 'no-store',
        'X-Content-SHA256': sha256,
      },
    })
  } catch {
    // The page explains that the link is invalid or expired.
    return redirect(`/trust/documents/download?token=${encodeURIComponent(token.slice(0, 200))}`, { headers: { 'Cache-Control': 'no-store' } })
  }
}

export const loader = () => redirect('/trust/documents')
