import { json, type AppLoadContext } from '@remix-run/node'
import { getDatabase, type Database } from '../../server/db'
import { getEnv, type Env } from '../../server/env'
import { logger } from '../../server/logger'
import { StripeUnavailableError } from '../../server/services/billing/stripe-client'
import { StripeWebhookRejected, handleStripeWebhook } from '../../server/services/billing/webhooks'
import { readRawBody } from './raw-body.server'

/**
 * The HTTP side of Stripe's webhooks, for app/routes/webhooks.stripe.ts.
 * Express parses no request bodies (server/http/app.ts), so the bytes read
 * here are exactly the ones Stripe signed. Answers: 200 { received, status }
 * once processed, replayed, stale or ignored (Stripe stops retrying);
 * 400 for a bad signature or a signed body that is not a Stripe event
 * (nothing stored); 413 past 1 MB; 503 when Stripe's
 * API could not be read (Stripe retries later); 404 when Stripe is not configured.
 */
const maxBodyBytes = 1024 * 1024

export async function stripeWebhookResponse(
  request: Request,
  context: Pick<AppLoadContext, 'meta'>,
  deps: { env?: Env; db?: Database } = {},
) {
  const env = deps.env ?? getEnv()
  if (!env.stripe) return json({ error: 'Stripe is not configured' }, { status: 404 })
  const rawBody = await readRawBody(request, maxBodyBytes)
  if (rawBody === null) return json({ error: 'Body too large' }, { status: 413 })
  const requestId = context.meta?.requestId
  try {
    const db = deps.db ?? (await getDatabase())
    const outcome = await handleStripeWebhook(db, env.stripe, { rawBody, signature: request.headers.get('stripe-signature') })
    if (outcome.status === 'ignored' || outcome.status === 'stale') {
      logger.info('stripe event not applied', { requestId, ...outcome })
    }
    return json({ received: true, status: outcome.status })
  } catch (error) {
    if (error instanceof StripeWebhookRejected) return json({ error: error.message }, { status: 400 })
    if (error instanceof StripeUnavailableError) {
      logger.warn('stripe webhook deferred', { requestId, error })
      return json({ error: 'Stripe is unavailable; retry later' }, { status: 503 })
    }
    throw error
  }
}
