import { json, type AppLoadContext } from '@remix-run/node'
import { getDatabase, type Database } from '../../server/db'
import { getEnv, type Env } from '../../server/env'
import { logger } from '../../server/logger'
import { StripeUnavailableError } from '../../server/services/billing/stripe-client'
import { StripeWebhookRejected, handleStripeWebhook } from '../../server/services/billing/webhooks'

/**
 * The HTTP side of Stripe's webhooks, for app/routes/webhooks.stripe.ts.
 * Express parses no request bodies (server/http/app.ts), so the bytes read
 * here are exactly the ones Stripe signed. Answers: 200 { received, status }
 * once processed, replayed, stale or ignored (Stripe stops retrying);
 * 400 for a bad signature (nothing stored); 413 past 1 MB; 503 when Stripe's
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
  const rawBody = await readBody(request, maxBodyBytes)
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

/** The raw body, byte for byte, or null past `limit` bytes. */
async function readBody(request: Request, limit: number): Promise<Buffer | null> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return null
  if (!request.body) return Buffer.alloc(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}
