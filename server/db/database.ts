import { PrismaClient } from '@prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import pg from 'pg'
import fs from 'node:fs'

type PrismaPgliteFactory = NonNullable<ConstructorParameters<typeof PrismaClient>[0]>['adapter']

/**
 * One handle for both engines: the Prisma client plus the raw access that
 * migrations and health checks need. PostgreSQL is used whenever a URL is
 * given; otherwise an embedded PGlite keeps its files in `pgliteDir`
 * (or memory when it is 'memory://').
 */
export type Database = {
  kind: 'postgres' | 'pglite'
  prisma: PrismaClient
  /** Runs a multi-statement SQL script (simple-query protocol). */
  execScript(sql: string): Promise<void>
  /**
   * Runs one parameterised statement and returns its rows. A `name` makes it
   * a prepared statement on PostgreSQL (parsed and planned once per
   * connection): for hot statements run on every request.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<Row[]>
  /**
   * Runs `fn` while holding a database-wide lock, so that only one process at
   * a time migrates or seeds. PGlite is single-process; there it just runs.
   */
  withExclusiveLock<T>(name: string, fn: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

export type DatabaseOptions = { url?: string; pgliteDir?: string; poolSize?: number }

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.pgliteDir ?? 'memory://')
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 })
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {})
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
  return {
    kind: 'postgres',
    prisma,
    async execScript(sql) {
      await pool.query(sql)
    },
    async query(sql, params = [], name) {
      return (await pool.query(name ? { name, text: sql, values: params } : { text: sql, values: params })).rows
    },
    async withExclusiveLock(name, fn) {
      const client = await pool.connect()
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [name])
        return await fn()
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => {})
        client.release()
      }
    },
    async close() {
      await prisma.$disconnect()
      await pool.end()
    },
  }
}

async function openPglite(dir: string): Promise<Database> {
  if (!dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true })
  const client = new PGlite(dir)
  await client.waitReady
  // The PGlite adapter is typed against an older adapter-utils release; runtime shapes match.
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) as unknown as PrismaPgliteFactory })
  return {
    kind: 'pglite',
    prisma,
    async execScript(sql) {
      await client.exec(sql)
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await client.query<Row>(sql, params)).rows
    },
    withExclusiveLock: (_name, fn) => fn(),
    async close() {
      await prisma.$disconnect()
      await client.close()
    },
  }
}
