import { z } from 'zod'
import type { Database } from '../../db'
import type { MeetingBotConfig } from '../../env'
import { appendAuditEvent, systemAuditContext } from '../../audit/append'
import { announceJobs } from '../../jobs/queue'
import { botIdSchema } from './client'
import { verifySignature } from './signature'
import { botStatus, isBotSettled, queueProviderCopyDeletion, queueRecordingFetch, statusFromProvider } from './state'
import { containsUnstorableText } from '../../security/unstorable-text'

/**
 * The provider's webhooks (POST /webhooks/meeting-bot). The contract, in order:
 * 1. The signature (signature.ts) is checked on the exact bytes received; a bad or stale one is 401 and nothing is
 *    stored.
 * 2. The body must be an event `{ id, type, data: { bot_id, status?, reason? } }`; anything else is 400 and
 *    nothing is stored.
 * 3. One transaction records the event id (MeetingBotEvent) and applies it, with the interview's row locked: a
 *    repeated id is a replay (200, nothing happens), and two deliveries at once queue on the lock and on the
 *    event's primary key, so one applies. A crash leaves nothing, and the provider's retry starts over.
 * 4. A bot we do not know (never ours, or its interview deleted) is recorded and ignored, and so is an event type
 *    we do not use: the provider stops retrying either way.
 * 5. Status reports apply until the outcome is decided here (isBotSettled): a late "in call" never undoes a
 *    received recording or a call-back. recording.ready queues the download (fetch-meeting-recording) unless the
 *    interview has its recording, the recording was already received (perhaps deleted since) or refused, or the
 *    bot was called back (then the provider's copy is deleted).
 */
export class MeetingBotWebhookRejected extends Error {
  constructor(
    readonly status: 400 | 401,
    message: string,
  ) {
    super(message)
  }
}

export type MeetingBotWebhookOutcome = {
  /** processed: applied. duplicate: a replay. ignored: nothing to apply (reason). */
  status: 'processed' | 'duplicate' | 'ignored'
  eventId: string
  type: string
  botId: string
  reason?: string
}

const eventTypes = ['bot.status_changed', 'recording.ready', 'bot.failed'] as const

const eventSchema = z
  .object({
    id: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'an event id of printable characters'),
    type: z.string().min(1).max(100),
    data: z.object({
      bot_id: botIdSchema,
      status: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a status word').optional(),
      reason: z.string().max(2000).optional(),
    }),
  })
  .refine((event) => event.type !== 'bot.status_changed' || event.data.status !== undefined, {
    message: 'bot.status_changed needs data.status',
    path: ['data', 'status'],
  })

type MeetingBotEvent = z.infer<typeof eventSchema>

/** A provider's reason is kept only as a code word (meeting_not_found): free text could name people; the audit log is forever. */
const reasonCode = (reason: string | undefined) => (reason && /^[A-Za-z0-9_.-]{1,64}$/.test(reason) ? reason : undefined)

function parseEvent(rawBody: Uint8Array): MeetingBotEvent {
  let body: unknown
  try {
    body = JSON.parse(Buffer.from(rawBody).toString('utf8'))
  } catch {
    throw new MeetingBotWebhookRejected(400, 'The body is not JSON.')
  }
  if (containsUnstorableText(body)) throw new MeetingBotWebhookRejected(400, 'The body holds a NUL character or a broken Unicode sequence.')
  const parsed = eventSchema.safeParse(body)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')
    throw new MeetingBotWebhookRejected(400, `Not a meeting-bot event (${problems}).`)
  }
  return parsed.data
}

export async function handleMeetingBotWebhook(
  db: Database,
  config: Pick<MeetingBotConfig, 'webhookSecret'>,
  input: { rawBody: Uint8Array; signature: string | null },
  now = new Date(),
): Promise<MeetingBotWebhookOutcome> {
  const check = verifySignature(config.webhookSecret, input.rawBody, input.signature, now)
  if (!check.valid) {
    const message = check.reason === 'stale' ? 'The signature’s timestamp is outside the tolerance.' : 'Invalid signature.'
    throw new MeetingBotWebhookRejected(401, message)
  }
  const event = parseEvent(input.rawBody)
  const botId = event.data.bot_id
  const outcome = (status: MeetingBotWebhookOutcome['status'], reason?: string): MeetingBotWebhookOutcome => ({
    status,
    eventId: event.id,
    type: event.type,
    botId,
    ...(reason ? { reason } : {}),
  })

  const result = await db.prisma.$transaction(async (tx) => {
    const { count } = await tx.meetingBotEvent.createMany({
      data: [{ id: event.id, botId, type: event.type, receivedAt: now }],
      skipDuplicates: true,
    })
    if (count === 0) return outcome('duplicate')
    if (!(eventTypes as readonly string[]).includes(event.type)) return outcome('ignored', 'event type not used')
    await tx.$queryRaw`SELECT "id" FROM "Interview" WHERE "meetingBotId" = ${botId} FOR UPDATE`
    const interview = await tx.interview.findUnique({
      where: { meetingBotId: botId },
      select: { id: true, orgId: true, meetingBotStatus: true, recording: { select: { id: true } } },
    })
    if (!interview) return outcome('ignored', 'unknown bot')
    const audit = systemAuditContext(`meeting-bot:${event.id}`)
    const before = interview.meetingBotStatus
    const setStatus = async (after: string, reason?: string) => {
      await tx.interview.update({ where: { id: interview.id }, data: { meetingBotStatus: after } })
      await appendAuditEvent(tx, audit, {
        orgId: interview.orgId,
        action: 'meeting_bot.status_changed',
        success: after !== botStatus.failed,
        targets: [{ type: 'interview', id: interview.id }],
        metadata: { botId, eventId: event.id, before: { status: before }, after: { status: after }, ...(reason && { reason }) },
      })
    }

    if (event.type === 'recording.ready') {
      if (interview.recording) return outcome('ignored', 'the interview has its recording')
      if (before === botStatus.recordingReceived) return outcome('ignored', 'the recording was received already')
      if (before === botStatus.recordingRefused) return outcome('ignored', 'the recording was refused (no consent)')
      if (before === botStatus.botCancelled || before === botStatus.meetingCancelled) {
        await queueProviderCopyDeletion(tx, interview.orgId, botId)
        return outcome('ignored', 'the recorder was called back; the provider deletes its copy')
      }
      if (before !== botStatus.recordingReady) await setStatus(botStatus.recordingReady)
      await queueRecordingFetch(tx, interview.orgId, botId)
      return outcome('processed')
    }
    if (isBotSettled(before)) return outcome('ignored', `the recorder is ${before}`)
    const after = event.type === 'bot.failed' ? botStatus.failed : statusFromProvider(event.data.status!)
    if (after === before) return outcome('ignored', 'status unchanged')
    await setStatus(after, reasonCode(event.data.reason))
    return outcome('processed')
  })
  if (result.status === 'processed') announceJobs()
  return result
}
