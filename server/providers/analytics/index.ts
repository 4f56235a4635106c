import type { Database } from '../../db'
import type { AnalyticsConfig, Env } from '../../env'
import type { AnalyticsConsent } from '../../auth/cookies'
import { logger } from '../../logger'
import { checkEvent, isOpaqueId, type AnalyticsEventName, type EventProperties } from './catalog'
import { createLocalLogSink } from './local-log'
import { createPostHogSink } from './posthog'
import { offSink, type AnalyticsSink } from './sink'

export { analyticsEvents, type AnalyticsEventName, type EventProperties } from './catalog'
export { purgeExpiredAnalyticsEvents } from './local-log'
export type { AnalyticsSink, CapturedEvent } from './sink'

/** What `track` reads from a request's context; the tRPC Context (and its member variant) satisfies it. */
export type TrackContext = {
  db: Database
  env: Pick<Env, 'analytics'>
  /** The browser's answer to the analytics question: nothing is recorded unless it is 'granted'. */
  analyticsConsent: AnalyticsConsent | null
  /** Members' procedures: who acts, in which organization. */
  access?: { userId: string; orgId: string }
  /** Support staff working under a customer's grant: operator work, not product usage; never recorded. */
  supportGrant?: unknown
}

/** Who did it, when the context does not say (sign-in: the user is known only from the result). */
export type Actor = { userId: string; orgId: string | null }

const log = logger.child({ component: 'analytics' })

/** What became of an event: only 'queued' means it was handed to the sink (delivery is in the background). */
export type TrackOutcome = 'queued' | 'off' | 'no_consent' | 'support_access' | 'no_actor' | 'refused' | 'failed'

/**
 * Records that a member used a feature. The one function the rest of the code calls, right
 * after the service returned. Ids only: the actor's user id (distinct id) and organization id
 * come from the context, `properties` are checked against the catalog (catalog.ts). Returns at
 * once and never throws: the event is dropped, silently, without the browser's consent; with a
 * warning when it breaks the catalog; and delivery happens in the background.
 */
export function track<E extends AnalyticsEventName>(
  ctx: TrackContext,
  event: E,
  properties: EventProperties<E>,
  actor?: Actor,
): TrackOutcome {
  try {
    if (ctx.env.analytics.kind === 'off') return 'off'
    if (ctx.analyticsConsent !== 'granted') return 'no_consent'
    if (!actor && ctx.supportGrant) return 'support_access'
    const who = actor ?? (ctx.access ? { userId: ctx.access.userId, orgId: ctx.access.orgId } : null)
    if (!who) {
      log.warn('analytics: an event without an actor was dropped', { event })
      return 'no_actor'
    }
    if (!isOpaqueId(who.userId) || (who.orgId !== null && !isOpaqueId(who.orgId))) {
      log.warn('analytics: an event whose actor is not an id was refused', { event })
      return 'refused'
    }
    const checked = checkEvent(event, properties as Record<string, unknown>)
    if (!checked.ok) {
      log.warn('analytics: an event outside the catalog was refused', checked.refusal)
      return 'refused'
    }
    const captured = { event, distinctId: who.userId, orgId: who.orgId, properties: checked.properties }
    analyticsSink(ctx.env.analytics).capture(captured, ctx.db)
    return 'queued'
  } catch (error) {
    log.warn('analytics: an event could not be recorded', { event, error })
    return 'failed'
  }
}

/**
 * Sinks live on globalThis: the Remix build and the server entry each load their own copy of
 * this module (see server/db.ts), and the entry must be able to flush the build's PostHog client
 * at shutdown. One sink per configuration (tests use several).
 */
const globalKey = Symbol.for('hireproof.analytics-sinks')
type Holder = { [globalKey]?: Map<string, AnalyticsSink> }
const sinks = () => ((globalThis as Holder)[globalKey] ??= new Map())

/** The sink for a configuration, made on first use. */
export function analyticsSink(config: AnalyticsConfig): AnalyticsSink {
  if (config.kind === 'off') return offSink
  const key = JSON.stringify(config)
  let sink = sinks().get(key)
  if (!sink) {
    sink = config.kind === 'local' ? createLocalLogSink(log) : createPostHogSink(config, log)
    sinks().set(key, sink)
  }
  return sink
}

/** Delivers what is queued and stops every sink (server shutdown; tests). Waits at most `timeoutMs`. */
export async function shutdownAnalytics(timeoutMs = 5_000) {
  const all = [...sinks().values()]
  sinks().clear()
  await Promise.all(all.map((sink) => sink.shutdown(timeoutMs)))
}
