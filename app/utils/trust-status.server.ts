/**
 * Daily uptime of the service, oldest day first, as shown on /trust/status.
 * `day` is a UTC date (YYYY-MM-DD); `checks` counts health checks run that
 * day and `ok` those that succeeded.
 */
export async function loadUptimeHistory(): Promise<{ day: string; checks: number; ok: number }[]> {
  return []
}
