import type { LoaderFunctionArgs } from '@remix-run/node'
import type { RouteHandle } from '~/root'
import { getEnv } from '~/utils/env.server'
import { securityTxt } from '../../trust/security-txt'
import { cachedResource } from '~/utils/trust.server'

// A resource route renders no HTML; the flag keeps every trust route uniform.
export const handle: RouteHandle = { hydrate: false }

/** GET /.well-known/security.txt (RFC 9116). */
export async function loader({ request }: LoaderFunctionArgs) {
  const body = securityTxt({ baseUrl: getEnv().appUrl, now: new Date() })
  return cachedResource(request, body, 'text/plain; charset=utf-8', 'security.txt')
}
