import path from 'node:path'
import type { Env } from '../env'
import { loadSecretBox, type SecretBox } from './secret-box'

const key = Symbol.for('hireproof.secretBox')
type Holder = { [key]?: SecretBox }

/**
 * The process's secret box: ENCRYPTION_KEYS, or outside production a key
 * file next to the local data (production on PostgreSQL refuses to start
 * without ENCRYPTION_KEYS; see server/env.ts).
 */
export function getSecretBox(env: Env): SecretBox {
  const holder = globalThis as Holder
  holder[key] ??= loadSecretBox({
    keyRing: env.ENCRYPTION_KEYS,
    localFile: env.NODE_ENV === 'production' && env.DATABASE_URL ? undefined : path.join(path.dirname(path.resolve(env.PGLITE_DIR)), 'encryption.key'),
  })
  return holder[key]
}
