import Stripe from 'stripe'
import type { StripeConfig } from '../../env'
import { AppError } from '../../errors'
import { logger } from '../../logger'

/**
 * The Stripe API version every request and every object we read is shaped by.
 * Pinned to the installed SDK's own version on purpose: upgrading `stripe`
 * fails the type check here until someone reviews the webhook handling
 * (server/services/billing/webhooks.ts) against the new shapes and updates
 * the webhook endpoint's API version in the Stripe Dashboard to match.
 */
export const stripeApiVersion = '2026-10-28.endive' satisfies typeof Stripe.API_VERSION

/** Per request to Stripe; the SDK retries network errors and 409/429/5xx with backoff and idempotency keys. */
const requestTimeoutMs = 20_000
const maxNetworkRetries = 2

const clients = new WeakMap<StripeConfig, Stripe>()

/** The SDK client for `config` (one per configuration: it holds no per-request state). */
export function stripeClient(config: StripeConfig): Stripe {
  let client = clients.get(config)
  if (!client) {
    client = new Stripe(config.secretKey, {
      apiVersion: stripeApiVersion,
      timeout: requestTimeoutMs,
      maxNetworkRetries,
      telemetry: false,
      appInfo: { name: 'Hireproof' },
      ...(config.api ? { host: config.api.host, port: config.api.port, protocol: config.api.protocol } : {}),
    })
    clients.set(config, client)
  }
  return client
}

/** The configuration, or the message members see when this server has no Stripe keys. */
export function requireStripe(config: StripeConfig | null): StripeConfig {
  if (!config) {
    throw new AppError(
      'UNPROCESSABLE',
      'Online billing is not set up on this server. A Hireproof platform administrator sets your plan.',
    )
  }
  return config
}

/**
 * Stripe could not be reached or refused the request. A 422 with a message
 * (like a failed DNS lookup in domain verification), so the page says what
 * happened; nothing was changed here. Stripe's own message goes to the log only.
 */
export class StripeUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('UNPROCESSABLE', 'Stripe could not complete the request. Nothing was changed; try again in a minute.')
    this.cause = cause
  }
}

/** Runs a Stripe API call, turning the SDK's errors into StripeUnavailableError. */
export async function callStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error
    const { type, code, statusCode: status, requestId } = error
    logger.warn('stripe request failed', { what, type, code, status, requestId })
    throw new StripeUnavailableError(error)
  }
}
