import { openDatabase } from '../../server/db/database'
import { migrate } from '../../server/db/migrate'
import { adminQuery, adminUrl, databaseUrl, templateDatabaseName } from './test-database-url'

/** Builds the migrated template database once per run (PostgreSQL only). */
export default async function setup() {
  if (!adminUrl) return
  await adminQuery(`DROP DATABASE IF EXISTS ${templateDatabaseName} WITH (FORCE)`)
  await adminQuery(`CREATE DATABASE ${templateDatabaseName}`)
  const db = await openDatabase({ url: databaseUrl(templateDatabaseName), poolSize: 2 })
  try {
    await migrate(db)
  } finally {
    await db.close()
  }
}
