import type { LoaderFunctionArgs } from '@remix-run/node'
import type { RouteHandle } from '~/root'
import { getEnv } from '~/utils/env.server'
import { subprocessorsJson } from '../../trust/feeds'
import { cachedResource, subprocessorRegistry } from '~/utils/trust.server'

// A resource route renders no HTML; the flag keeps every trust route uniform.
export const handle: RouteHandle = { hydrate: false }

/** GET /trust/subprocessors.json: current sub-processors and every announced change. */
export async function loader({ request }: LoaderFunctionArgs) {
  const body = JSON.stringify(subprocessorsJson(await subprocessorRegistry(), new Date(), getEnv().appUrl), null, 2)
  return cachedResource(request, body, 'application/json; charset=utf-8', 'subprocessors.json')
}
