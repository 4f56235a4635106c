import type { LoaderFunctionArgs } from '@remix-run/node'
import type { RouteHandle } from '~/root'
import { getEnv } from '~/utils/env.server'
import { subprocessorsAtom } from '../../trust/feeds'
import { cachedResource, subprocessorRegistry } from '~/utils/trust.server'

// A resource route renders no HTML; the flag keeps every trust route uniform.
export const handle: RouteHandle = { hydrate: false }

/** GET /trust/subprocessors.atom: an Atom 1.0 feed of sub-processor changes. */
export async function loader({ request }: LoaderFunctionArgs) {
  const body = subprocessorsAtom(await subprocessorRegistry(), new Date(), getEnv().appUrl)
  return cachedResource(request, body, 'application/atom+xml; charset=utf-8', 'subprocessors.atom')
}
