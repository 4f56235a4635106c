import type { LoaderFunctionArgs } from '@remix-run/node'
import { getApi } from '~/utils/api.server'

/** GET /sso/metadata/:orgId: our SAML metadata (also our entity ID), for the identity provider's admin. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const { xml } = await api.sso.metadata({ orgId: params.orgId ?? '' })
    return new Response(xml, { headers: { 'Content-Type': 'application/samlmetadata+xml; charset=utf-8', 'Cache-Control': 'no-store' } })
  } catch {
    return new Response('No SAML connection here', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
}
