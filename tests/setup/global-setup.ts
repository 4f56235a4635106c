import pg from 'pg'
import { openDatabase } from '../../server/db/database'
import { migrate } from '../../server/db/migrate'
import { adminUrl, databaseUrl, templateDatabaseName } from './test-database-url'

/** Builds the migrated template database once per run (PostgreSQL only). */
export default async function setup() {
  if (!adminUrl) return
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDatabaseName} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${templateDatabaseName}`)
  } finally {
    await admin.end()
  }
  const db = await openDatabase({ url: databaseUrl(templateDatabaseName), poolSize: 2 })
  try {
    await migrate(db)
  } finally {
    await db.close()
  }
}
