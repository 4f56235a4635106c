import type { ActionFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { clerkWebhookResponse } from '~/utils/clerk-webhook.server'

/**
 * POST /webhooks/clerk: Clerk's webhook endpoint (Svix-signed). The Origin
 * check exempts /webhooks/ (server/http/app.ts); the signature is the
 * credential. Every other method is 405.
 */
const methodNotAllowed = () => json({ error: 'Method not allowed' }, { status: 405, headers: { Allow: 'POST' } })

export const loader = methodNotAllowed

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed()
  return clerkWebhookResponse(request, context)
}
