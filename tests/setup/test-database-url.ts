import pg from 'pg'

/**
 * Which database the integration tests use: PostgreSQL when TEST_DATABASE_URL
 * (or DATABASE_URL) is set, an in-memory PGlite otherwise. The URL must allow
 * CREATE DATABASE: each test file gets its own database cloned from a
 * migrated template, so files run in parallel without seeing each other.
 */
export const adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined

export const templateDatabaseName = 'hireproof_test_template'

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl!)
  url.pathname = `/${name}`
  return url.toString()
}

/** Runs one statement as the admin connection (CREATE/DROP DATABASE). */
export async function adminQuery(sql: string, url = adminUrl) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
