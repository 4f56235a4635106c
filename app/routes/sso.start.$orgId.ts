import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { safeRedirectPath } from '~/utils/forms.server'

/** GET /sso/start/:orgId: straight to the organization's identity provider (the "requires SSO" link). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api, responseHeaders } = await getApi(request, context)
  try {
    const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
    const { url } = await api.sso.start({ orgId: params.orgId ?? '', redirectTo })
    responseHeaders.set('Cache-Control', 'no-store')
    return redirect(url, { headers: responseHeaders })
  } catch (error) {
    return redirect(`/sso?error=${encodeURIComponent(error instanceof Error ? error.message : 'Single sign-on is not available')}`)
  }
}
