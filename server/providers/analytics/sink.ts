import type { Database } from '../../db'
import type { AnalyticsEventName, PropertyValue } from './catalog'

/** An event that passed the consent gate and the catalog: ids and allowed values only. */
export type CapturedEvent = {
  event: AnalyticsEventName
  /** The acting user's id. */
  distinctId: string
  /** The organization the user acted in (PostHog group "organization"); null before one is chosen. */
  orgId: string | null
  properties: Record<string, PropertyValue>
}

/**
 * Where events go: nowhere, the AnalyticsEvent table, or PostHog. Contract: no method throws or
 * rejects, and `capture` returns at once (delivery is in the background), so analytics can never
 * fail or slow down the product action that reported them.
 */
export interface AnalyticsSink {
  readonly kind: 'off' | 'local' | 'posthog'
  /** `db` is the request's database (the local log writes there, outside any transaction of the caller). */
  capture(event: CapturedEvent, db: Database): void
  /** Resolves once what was captured so far was delivered or given up on. */
  flush(): Promise<void>
  /** Flushes and stops; waits at most `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>
}

export const offSink: AnalyticsSink = {
  kind: 'off',
  capture: () => undefined,
  flush: async () => undefined,
  shutdown: async () => undefined,
}
