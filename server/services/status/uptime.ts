import type { Database } from '../../db'

/**
 * Uptime measured by the service itself. Every app process checks the
 * database once a minute and adds the result to that minute's sample. A check
 * that fails cannot be written while the database is away, so failures wait
 * in memory (bounded) and are written with the first check that succeeds.
 * A day's uptime is the share of its sampled minutes in which no check failed.
 */
export type HealthProbe = () => Promise<void>
const pendingLimit = 24 * 60

export function minuteOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000)
}

export function createHealthRecorder(db: Pick<Database, 'query'>, probe: HealthProbe) {
  const pendingFailures: Date[] = []
  async function record(minute: Date, ok: boolean) {
    await db.query(
      `INSERT INTO "HealthSample" ("minute", "okCount", "failCount") VALUES ($1::timestamp(3), $2, $3)
       ON CONFLICT ("minute") DO UPDATE SET "okCount" = "HealthSample"."okCount" + EXCLUDED."okCount",
                                             "failCount" = "HealthSample"."failCount" + EXCLUDED."failCount"`,
      [minute.toISOString().replace('Z', ''), ok ? 1 : 0, ok ? 0 : 1],
    )
  }
  return {
    /** Runs one check and records it; returns whether the service was healthy. */
    async check(now = new Date()): Promise<boolean> {
      const minute = minuteOf(now)
      try {
        await probe()
      } catch {
        if (pendingFailures.length < pendingLimit) pendingFailures.push(minute)
        return false
      }
      try {
        while (pendingFailures.length) {
          await record(pendingFailures[0]!, false)
          pendingFailures.shift()
        }
        await record(minute, true)
      } catch {
        // The database went away between the probe and the write: next time.
      }
      return true
    },
    pendingFailures: () => pendingFailures.length,
  }
}

/** Daily uptime for the last `days` days (UTC), oldest first; days with no sample are left out. */
export async function uptimeByDay(db: Pick<Database, 'query'>, days = 90, now = new Date()) {
  const since = new Date(now.getTime() - days * 24 * 3600_000)
  const rows = await db.query<{ day: string; checks: number; ok: number }>(
    `SELECT to_char(date_trunc('day', "minute"), 'YYYY-MM-DD') AS day,
            count(*)::int AS checks,
            count(*) FILTER (WHERE "failCount" = 0)::int AS ok
     FROM "HealthSample" WHERE "minute" >= $1::timestamp(3)
     GROUP BY 1 ORDER BY 1`,
    [since.toISOString().replace('Z', '')],
  )
  return rows.map((r) => ({ day: r.day, checks: Number(r.checks), ok: Number(r.ok) }))
}
