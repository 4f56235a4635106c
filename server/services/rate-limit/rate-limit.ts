import { AppError } from '../../errors'
import type { Database } from '../../db'

/**
 * Fixed-window counter in PostgreSQL, so every app process shares the limit.
 * One atomic upsert per hit: the window restarts when it has elapsed.
 */
export type RateLimitRule = { limit: number; windowSeconds: number }
export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number }

export async function hitRateLimit(
  db: Pick<Database, 'query'>,
  key: string,
  rule: RateLimitRule,
  now = new Date(),
): Promise<RateLimitResult> {
  const [row] = await db.query<{ count: number; windowStart: Date }>(
    `INSERT INTO "RateLimitCounter" ("key", "windowStart", "count") VALUES ($1, $2, 1)
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN "RateLimitCounter"."windowStart" <= $2::timestamptz - make_interval(secs => $3) THEN 1
                      ELSE "RateLimitCounter"."count" + 1 END,
       "windowStart" = CASE WHEN "RateLimitCounter"."windowStart" <= $2::timestamptz - make_interval(secs => $3) THEN $2
                      ELSE "RateLimitCounter"."windowStart" END
     RETURNING "count", "windowStart"`,
    [key, now.toISOString(), rule.windowSeconds],
  )
  const count = Number(row!.count)
  const windowStart = new Date(row!.windowStart)
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((windowStart.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000),
  )
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds }
}

export async function resetRateLimit(db: Pick<Database, 'query'>, key: string) {
  await db.query('DELETE FROM "RateLimitCounter" WHERE "key" = $1', [key])
}

/**
 * Counts one hit against each rule in turn (say, per address, then per
 * account) and refuses with 429, a Retry-After and `message`, at the first
 * rule over its limit.
 */
export async function enforceRateLimits(
  db: Pick<Database, 'query'>,
  rules: readonly (readonly [key: string, rule: RateLimitRule])[],
  message: (retryAfterSeconds: number) => string,
  now = new Date(),
) {
  for (const [key, rule] of rules) {
    const limit = await hitRateLimit(db, key, rule, now)
    if (!limit.allowed) throw new AppError('TOO_MANY_REQUESTS', message(limit.retryAfterSeconds), undefined, limit.retryAfterSeconds)
  }
}
