import { getEnv } from './env'
import { openDatabase, type Database } from './db/database'

export type { Database } from './db/database'
export type { PrismaClient, Prisma } from '@prisma/client'

/**
 * The process-wide database. Kept on globalThis because the Remix build and the
 * server entry each load their own copy of this module; both must share one
 * pool (and PGlite must never be opened twice on the same directory).
 */
const globalKey = Symbol.for('hireproof.database')
type Holder = { [globalKey]?: Promise<Database> }

export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder
  if (!holder[globalKey]) {
    const env = getEnv()
    holder[globalKey] = openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: env.DATABASE_POOL_SIZE })
  }
  return holder[globalKey]
}

/** Lets the server entry (and tests) install an already-open database. */
export function setDatabase(db: Database) {
  ;(globalThis as Holder)[globalKey] = Promise.resolve(db)
}
