import type { Database } from '../../server/db'

/**
 * A fingerprint of every row of every table, to prove a refused call changed
 * nothing. Sessions (lastSeenAt is refreshed on reads) and rate-limit
 * counters (sign-in attempts count by design) are left out.
 */
const volatileTables = new Set(['Session', 'RateLimitCounter', '_hireproof_migrations'])

export async function databaseFingerprint(db: Database): Promise<Record<string, string>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  )
  const result: Record<string, string> = {}
  for (const { table_name } of tables) {
    if (volatileTables.has(table_name)) continue
    const [row] = await db.query<{ digest: string | null; n: number }>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest, count(*)::int AS n FROM "${table_name}" t`,
    )
    result[table_name] = `${row!.n}:${row!.digest}`
  }
  return result
}
