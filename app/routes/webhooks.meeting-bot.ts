import type { ActionFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { meetingBotWebhookResponse } from '~/utils/meeting-bot-webhook.server'

/**
 * POST /webhooks/meeting-bot: the meeting-bot provider's events (server/services/meeting-bot/README.md). The
 * Origin check exempts /webhooks/ (server/http/app.ts); the X-Hireproof-Bot-Signature header is the credential.
 * Every other method is 405.
 */
const methodNotAllowed = () => json({ error: 'Method not allowed' }, { status: 405, headers: { Allow: 'POST' } })

export const loader = methodNotAllowed

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed()
  return meetingBotWebhookResponse(request, context)
}
