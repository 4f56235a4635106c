/** "2026-11-23 21:05 UTC": a timestamp as admins read it, the same on server and client. */
export function utcMinute(value: string | Date | null | undefined): string {
  if (!value) return '—'
  return `${new Date(value).toISOString().replace('T', ' ').slice(0, 16)} UTC`
}
