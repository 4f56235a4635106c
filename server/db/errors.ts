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
