import { initTRPC, TRPCError } from '@trpc/server'
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server'
import { ZodError } from 'zod'
import { AppError, databaseUnavailableError, type AppErrorCode } from '../errors'
import { isDatabaseUnavailable } from '../db/errors'
import { logger } from '../logger'
import type { Context } from './context'
import { containsUnstorableText } from '../security/unstorable-text'

const trpcCodeByAppCode: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNPROCESSABLE: 'UNPROCESSABLE_CONTENT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
}

/** "Invalid input: email: Enter a valid email address; password: Required" */
function describeZodError(error: ZodError) {
  return `Invalid input: ${error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}`
}

/** The single place where domain errors become tRPC (and so HTTP) errors. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    if (error.cause instanceof AppError) return toTRPCError(error.cause)
    if (error.cause instanceof ZodError) {
      return new TRPCError({ code: 'BAD_REQUEST', message: describeZodError(error.cause), cause: error.cause })
    }
    if (error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(error.cause)) return toTRPCError(databaseUnavailableError())
    return error
  }
  if (error instanceof AppError) {
    return new TRPCError({ code: trpcCodeByAppCode[error.code], message: error.message, cause: error })
  }
  if (isDatabaseUnavailable(error)) return toTRPCError(databaseUnavailableError())
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error', cause: error })
}

/**
 * Declared by the procedure builders and read by the isolation tests: every
 * procedure is public, merely authenticated, for platform administrators
 * (the operator's console, outside any tenant), for support staff (asking
 * for access), or gated by one permission.
 */
export type ProcedureMeta = { access?: 'public' | 'authenticated' | 'platform' | 'staff'; permission?: string }

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  // Never put stack traces in responses, in any environment.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const appError = error.cause instanceof AppError ? error.cause : undefined
    const zodError = error.cause instanceof ZodError ? error.cause.flatten() : undefined
    const internal = error.code === 'INTERNAL_SERVER_ERROR'
    if (internal) logger.error('procedure failed', { requestId: ctx?.meta.requestId, error: error.cause ?? error })
    return {
      ...shape,
      message: internal ? `Internal error (request ${ctx?.meta.requestId ?? 'unknown'})` : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: appError?.fieldErrors ?? zodError?.fieldErrors,
        retryAfterSeconds: appError?.retryAfterSeconds,
      },
    }
  },
})

export const router = t.router
export const middleware = t.middleware
export const createCallerFactory = t.createCallerFactory

/**
 * Base of every procedure: input holding text the database cannot store is
 * refused before any validation or query, and domain errors leave as their
 * tRPC equivalents.
 */
export const baseProcedure = t.procedure.use(async ({ getRawInput, next }) => {
  if (containsUnstorableText(await getRawInput())) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The text sent is not valid: it holds a NUL character or a broken Unicode sequence.' })
  }
  const result = await next()
  if (!result.ok) throw toTRPCError(result.error)
  return result
})
