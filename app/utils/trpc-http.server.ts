import type { AppLoadContext } from '@remix-run/node'
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { appRouter } from '../../server/trpc/router'
import { createContext } from '../../server/trpc/context'
import { getDatabase } from '../../server/db'
import { getEnv } from '../../server/env'
import { toTRPCError } from '../../server/trpc/init'
import { AppError } from '../../server/errors'

/**
 * Serves /api/trpc with the same context loaders get; cookies set by procedures are forwarded. A context that cannot be
 * built (the database is out of reach while the session is read) fails like a procedure would (503, not 500), and
 * refusals that name a wait (429, 503) carry it as Retry-After.
 */
export async function handleTrpcRequest(request: Request, context: AppLoadContext) {
  const db = await getDatabase()
  const responseHeaders = new Headers()
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () =>
      createContext({ db, env: getEnv(), request, meta: context.meta, responseHeaders }).catch((error: unknown) => {
        throw toTRPCError(error)
      }),
    responseMeta({ errors }) {
      const waits = errors.map((error) => (error.cause instanceof AppError ? error.cause.retryAfterSeconds : undefined)).filter(Boolean)
      return waits.length ? { headers: new Headers({ 'Retry-After': String(Math.max(...(waits as number[]))) }) } : {}
    },
  })
  responseHeaders.forEach((value, key) => response.headers.append(key, value))
  return response
}
