import type { AppLoadContext } from '@remix-run/node'
import { getDatabase } from '../../server/db'
import { getEnv } from '../../server/env'
import { createRequestCaller } from '../../server/trpc/caller'

/**
 * The one bridge from Remix to the API: loaders and actions call procedures
 * through a server-side tRPC caller built for this request. Headers the
 * procedures set (cookies) must be copied onto the response: see `withHeaders`.
 */
export async function getApi(request: Request, context: AppLoadContext) {
  const responseHeaders = new Headers()
  const { caller, ctx } = await createRequestCaller({
    db: await getDatabase(),
    env: getEnv(),
    request,
    meta: context.meta,
    responseHeaders,
  })
  return { api: caller, responseHeaders, auth: ctx.auth }
}
