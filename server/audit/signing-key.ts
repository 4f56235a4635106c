import path from 'node:path'
import type { Env } from '../env'
import { loadSigningKey, type SigningKey } from './checkpoint'

const key = Symbol.for('hireproof.auditSigningKey')
type Holder = { [key]?: SigningKey | null }

/**
 * The process's checkpoint signing key: AUDIT_SIGNING_KEY, or in embedded
 * mode a key kept next to the PGlite data. Null (checkpoints off) for a
 * PostgreSQL deployment without the variable.
 */
export function getAuditSigningKey(env: Env): SigningKey | null {
  const holder = globalThis as Holder
  if (holder[key] === undefined) {
    holder[key] = loadSigningKey({
      pem: env.AUDIT_SIGNING_KEY,
      localDir: env.DATABASE_URL ? undefined : path.dirname(path.resolve(env.PGLITE_DIR)),
    })
  }
  return holder[key]!
}
