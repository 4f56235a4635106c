import type { LoaderFunctionArgs } from '@remix-run/node'
import { getEnv } from '~/utils/env.server'
import { securityTxt } from '../../trust/security-txt'
import { cachedResource } from '../../trust/http.server'

/** GET /.well-known/security.txt (RFC 9116). */
export async function loader({ request }: LoaderFunctionArgs) {
  const body = securityTxt({ baseUrl: getEnv().appUrl, now: new Date() })
  return cachedResource(request, body, 'text/plain; charset=utf-8', 'security.txt')
}
