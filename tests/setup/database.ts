import crypto from 'node:crypto'
import { afterAll } from 'vitest'
import { openDatabase, type Database } from '../../server/db/database'
import { migrate } from '../../server/db/migrate'
import { adminQuery, adminUrl, databaseUrl, templateDatabaseName } from './test-database-url'

/**
 * A fresh, migrated database for the calling test file, closed and dropped
 * after it. PostgreSQL: a clone of the template (fast, isolated per file).
 * PGlite: a new in-memory instance.
 */
export async function useTestDatabase(): Promise<Database> {
  if (!adminUrl) {
    const db = await openDatabase({ pgliteDir: 'memory://' })
    await migrate(db)
    afterAll(() => db.close())
    return db
  }
  const name = `hireproof_test_${crypto.randomBytes(6).toString('hex')}`
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateDatabaseName}`)
  const db = await openDatabase({ url: databaseUrl(name), poolSize: 5 })
  afterAll(async () => {
    await db.close()
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  })
  return db
}
