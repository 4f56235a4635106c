import { PostHog } from 'posthog-node'
import type { AnalyticsConfig } from '../../env'
import type { Logger } from '../../logger'
import type { AnalyticsSink } from './sink'

export type PostHogConfig = Extract<AnalyticsConfig, { kind: 'posthog' }>

/**
 * The real adapter: posthog-node, one client per process, sending batches to POSTHOG_HOST's
 * /batch/ endpoint. Only `capture` is used: no identify (no person properties), no group
 * properties (no organization names), no feature flags (nothing is fetched or polled), no
 * exception autocapture. GeoIP is off, so PostHog does not locate the server or anyone.
 * Events are identified (distinct id = user id, person profiles on) so that deleting the person
 * in PostHog erases their events when someone asks; see README.md.
 *
 * A PostHog outage costs nothing but the events: the queue is capped (oldest dropped first),
 * delivery is retried in the background, and failures are logged here, never thrown.
 */
export function createPostHogSink(config: PostHogConfig, log: Logger): AnalyticsSink {
  const client = new PostHog(config.apiKey, {
    host: config.host,
    flushAt: config.flushAt,
    flushInterval: config.flushIntervalMs,
    requestTimeout: config.requestTimeoutMs,
    fetchRetryCount: config.retries,
    maxQueueSize: 1_000,
    disableCompression: !config.gzip,
    disableGeoip: true,
    enableExceptionAutocapture: false,
  })
  client.on('error', (error: unknown) => log.warn('analytics: PostHog did not take a batch', { host: config.host, error }))
  const quietly = (what: string) => (error: unknown) =>
    log.warn(`analytics: PostHog ${what} failed`, { host: config.host, error })
  return {
    kind: 'posthog',
    capture(event) {
      try {
        client.capture({
          distinctId: event.distinctId,
          event: event.event,
          properties: event.properties,
          groups: event.orgId ? { organization: event.orgId } : undefined,
          disableGeoip: true,
        })
      } catch (error) {
        quietly('capture')(error)
      }
    },
    // A failed batch was already logged by the 'error' listener above.
    flush: () => client.flush().catch(() => undefined),
    shutdown: (timeoutMs) => client.shutdown(timeoutMs).catch(quietly('shutdown')),
  }
}
