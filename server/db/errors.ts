import { Prisma } from '@prisma/client'

/**
 * Whether a failed write broke a unique constraint. PostgreSQL through
 * @prisma/adapter-pg reports Prisma's P2002; the PGlite adapter passes the
 * driver error through (SQLSTATE 23505). Both mean "already exists".
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2002'
  if (!(error instanceof Error)) return false
  const cause = (error as { cause?: { originalCode?: string; code?: string } }).cause
  return (
    cause?.originalCode === '23505' ||
    cause?.code === '23505' ||
    (error as { code?: string }).code === '23505' ||
    /duplicate key value violates unique constraint/.test(error.message)
  )
}

// Prisma's codes for a server that cannot be reached, timed out, closed the connection, or left no pooled connection.
const unavailablePrismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
// Driver adapter error kinds for the same situations.
const unavailableAdapterKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
// SQLSTATE classes 08 (connection exception) and 57P (the server is shutting down, crashed or starting up).
const unavailableSqlState = /^(08|57P)/
const unavailableNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'])
const unavailableMessages = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/

/**
 * Whether an error means the database is out of reach for now (restarting, crashed, unreachable, pool exhausted),
 * as opposed to a fault of the request. Callers answer 503 with Retry-After: the same request may succeed later.
 * Follows `cause` chains, through Prisma, its driver adapters and `pg`.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false
  const e = error as {
    code?: unknown
    message?: unknown
    cause?: unknown
    meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } }
    kind?: unknown
    originalCode?: unknown
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && unavailablePrismaCodes.has(error.code)) return true
  if (error instanceof Prisma.PrismaClientInitializationError) return true
  const adapterCause = e.meta?.driverAdapterError?.cause
  if (adapterCause?.kind && unavailableAdapterKinds.has(adapterCause.kind)) return true
  if (adapterCause?.originalCode && unavailableSqlState.test(adapterCause.originalCode)) return true
  if (typeof e.kind === 'string' && unavailableAdapterKinds.has(e.kind)) return true
  if (typeof e.originalCode === 'string' && unavailableSqlState.test(e.originalCode)) return true
  if (typeof e.code === 'string' && (unavailableNodeCodes.has(e.code) || (e.code.length === 5 && unavailableSqlState.test(e.code)))) return true
  if (typeof e.message === 'string' && unavailableMessages.test(e.message)) return true
  return isDatabaseUnavailable(e.cause, depth + 1)
}
