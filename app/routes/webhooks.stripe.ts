import type { ActionFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { stripeWebhookResponse } from '~/utils/stripe-webhook.server'

/**
 * POST /webhooks/stripe: Stripe's webhook endpoint. The Origin check exempts
 * /webhooks/ (server/http/app.ts); the Stripe-Signature header is the
 * credential. Every other method is 405.
 */
const methodNotAllowed = () => json({ error: 'Method not allowed' }, { status: 405, headers: { Allow: 'POST' } })

export const loader = methodNotAllowed

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed()
  return stripeWebhookResponse(request, context)
}
