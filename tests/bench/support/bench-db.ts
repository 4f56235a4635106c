import crypto from 'node:crypto'
import { adminQuery as runAdmin } from '../../setup/test-database-url'
import { openDatabase, type Database } from '../../../server/db/database'
import { migrate } from '../../../server/db/migrate'

/**
 * A throwaway, migrated PostgreSQL database for one benchmark run (the
 * machine's local server unless BENCH_DATABASE_URL / TEST_DATABASE_URL say
 * otherwise; the URL must allow CREATE DATABASE). Dropped by `drop()`.
 */
export const adminUrl =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'

const adminQuery = (sql: string) => runAdmin(sql, adminUrl)

export async function createBenchDatabase(prefix: string) {
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`
  await adminQuery(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db: Database = await openDatabase({ url: url.toString(), poolSize: 10 })
  await migrate(db)
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close()
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
