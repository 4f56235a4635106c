import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { safeRedirectPath } from '~/utils/forms.server'

/**
 * POST /sso/acs/:orgId: the identity provider posts the SAMLResponse here
 * (HTTP-POST binding, a cross-site form post: the Origin check exempts this
 * path, and the signed response is the credential). A session on success; a
 * test's result goes back to the admin's setup page.
 */
/** A SAMLResponse is at most 256 KB decoded (server/auth/saml): a larger body is refused unread. */
const maxBodyBytes = 512 * 1024

export async function action({ request, params, context }: ActionFunctionArgs) {
  const length = Number(request.headers.get('content-length') ?? NaN)
  if (!Number.isFinite(length) || length > maxBodyBytes) {
    return new Response('The sign-in response is missing or too large.', { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  // The HTTP-POST binding is a form; any other body is the client's mistake, not a server error.
  const form = await request.formData().catch(() => null)
  if (!form) {
    const headers = { 'Content-Type': 'text/plain; charset=utf-8' }
    return new Response('The sign-in response must be posted as a form.', { status: 400, headers })
  }
  const isTest = form.get('RelayState') === 'test'
  const { api, responseHeaders } = await getApi(request, context)
  try {
    const outcome = await api.sso.consume({ orgId: params.orgId ?? '', samlResponse: String(form.get('SAMLResponse') ?? '') })
    if (outcome.kind === 'tested') {
      return redirect(`/app/security/sso?test=ok&as=${encodeURIComponent(outcome.email ?? outcome.nameId)}`)
    }
    return redirect(safeRedirectPath(outcome.redirectTo), { headers: responseHeaders, status: 303 })
  } catch (error) {
    const message = error instanceof Error ? error.message : 'Single sign-on failed'
    if (isTest) return redirect(`/app/security/sso?test=failed&reason=${encodeURIComponent(message.slice(0, 300))}`, 303)
    return redirect(`/sso?error=${encodeURIComponent(message.slice(0, 300))}`, 303)
  }
}

export const loader = () => redirect('/sso')
