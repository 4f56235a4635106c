import type { Prisma } from '@prisma/client'
import type { Database } from '../../db'
import type { Logger } from '../../logger'
import type { AnalyticsSink } from './sink'

/**
 * The local default (ANALYTICS=local): one AnalyticsEvent row per event, in the request's
 * database. Written after the product action returned, on its own connection (never in the
 * caller's transaction), and not awaited by the caller: a failed write is logged and dropped.
 */
export function createLocalLogSink(log: Logger): AnalyticsSink {
  const pending = new Set<Promise<void>>()
  return {
    kind: 'local',
    capture(event, db: Database) {
      const write = db.prisma.analyticsEvent
        .create({
          data: {
            orgId: event.orgId,
            distinctId: event.distinctId,
            event: event.event,
            properties: event.properties as Prisma.InputJsonObject,
          },
        })
        .then(
          () => undefined,
          (error: unknown) => log.warn('analytics: the local event log could not be written', { event: event.event, error }),
        )
        .finally(() => pending.delete(write))
      pending.add(write)
    },
    async flush() {
      await Promise.allSettled([...pending])
    },
    async shutdown(timeoutMs) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.allSettled([...pending]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs)
          timer.unref()
        }),
      ])
      clearTimeout(timer)
    },
  }
}

/** The privacy policy keeps product analytics 24 months. */
export const analyticsRetentionDays = 730

/** Deletes local events older than the retention period (hourly from server/main.ts). */
export async function purgeExpiredAnalyticsEvents(db: Database, now = new Date()) {
  const before = new Date(now.getTime() - analyticsRetentionDays * 86_400_000)
  const { count } = await db.prisma.analyticsEvent.deleteMany({ where: { createdAt: { lt: before } } })
  return count
}
