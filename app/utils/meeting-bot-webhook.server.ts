import { json, type AppLoadContext } from '@remix-run/node'
import { getDatabase, type Database } from '../../server/db'
import { getEnv, type Env } from '../../server/env'
import { logger } from '../../server/logger'
import { handleMeetingBotWebhook, MeetingBotWebhookRejected } from '../../server/services/meeting-bot/webhook'
import { signatureHeader } from '../../server/services/meeting-bot/signature'
import { readRawBody } from './raw-body.server'

/**
 * The HTTP side of the meeting-bot webhooks, for app/routes/webhooks.meeting-bot.ts. The bytes read here are the
 * ones the provider signed (Express parses no bodies). Answers: 200 { received, status } once processed, replayed
 * or ignored (the provider stops retrying); 401 for a bad or stale signature and 400 for a body that is not an
 * event (nothing stored either way); 413 past 64 kB; 404 when the meeting recorder is not configured.
 */
const maxBodyBytes = 64 * 1024

export async function meetingBotWebhookResponse(
  request: Request,
  context: Pick<AppLoadContext, 'meta'>,
  deps: { env?: Env; db?: Database; now?: Date } = {},
) {
  const env = deps.env ?? getEnv()
  if (!env.meetingBot) return json({ error: 'The meeting recorder is not configured' }, { status: 404 })
  const rawBody = await readRawBody(request, maxBodyBytes)
  if (rawBody === null) return json({ error: 'Body too large' }, { status: 413 })
  try {
    const db = deps.db ?? (await getDatabase())
    const signature = request.headers.get(signatureHeader)
    const outcome = await handleMeetingBotWebhook(db, env.meetingBot, { rawBody, signature }, deps.now)
    // An unknown bot or an unused event type is answered 200 (nothing to retry) and noted here.
    if (outcome.status === 'ignored') {
      logger.info('meeting-bot event not applied', { requestId: context.meta?.requestId, ...outcome })
    }
    return json({ received: true, status: outcome.status })
  } catch (error) {
    if (error instanceof MeetingBotWebhookRejected) return json({ error: error.message }, { status: error.status })
    throw error
  }
}
