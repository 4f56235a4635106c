import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { safeRedirectPath } from '~/utils/forms.server'

/** GET /sso/start/:orgId: straight to the organization's identity provider (the "requires SSO" link). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
    const { url } = await api.sso.start({ orgId: params.orgId ?? '', redirectTo })
    return redirect(url, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    return redirect(`/sso?error=${encodeURIComponent(error instanceof Error ? error.message : 'Single sign-on is not available')}`)
  }
}
