import { getDatabase } from '../../server/db'
import { uptimeByDay } from '../../server/services/status/uptime'

/**
 * Daily uptime of the service, oldest day first, as shown on /trust/status.
 * `day` is a UTC date (YYYY-MM-DD); `checks` counts the minutes in which the
 * service checked its own health that day, `ok` those with no failed check.
 */
export async function loadUptimeHistory(): Promise<{ day: string; checks: number; ok: number }[]> {
  return uptimeByDay(await getDatabase())
}
