import type { AppLoadContext } from '@remix-run/node'
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { appRouter } from '../../server/trpc/router'
import { createContext } from '../../server/trpc/context'
import { getDatabase } from '../../server/db'
import { getEnv } from '../../server/env'

/** Serves /api/trpc with the same context loaders get; cookies set by procedures are forwarded. */
export async function handleTrpcRequest(request: Request, context: AppLoadContext) {
  const db = await getDatabase()
  const responseHeaders = new Headers()
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createContext({ db, env: getEnv(), request, meta: context.meta, responseHeaders }),
  })
  responseHeaders.forEach((value, key) => response.headers.append(key, value))
  return response
}
