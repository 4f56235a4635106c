import type { Prisma } from '@prisma/client'
import type { DbClient } from '../../db/types'
import { enqueueJob, retryFailedJob } from '../../jobs/queue'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

/**
 * Where an interview's recorder stands (Interview.meetingBotStatus) and the durable jobs that move it. Our own
 * statuses are below; any other value is the provider's last word about the bot (joining_call, in_call_recording…).
 *
 *   null ─send→ requested ─dispatch→ <provider's> ─recording.ready→ recording_ready ─fetch→ recording_received
 *                  │                      │                                               └→ recording_refused
 *                  └────── cancel ────────┴→ bot_cancelled                any step that gives up → failed
 *
 * `cancelled` is not the bot's: the meeting mailbox writes it when the invite is cancelled (the interview is then
 * shown as cancelled), and it also calls the bot back.
 */
export const botStatus = {
  requested: 'requested',
  dispatched: 'dispatched',
  recordingReady: 'recording_ready',
  recordingReceived: 'recording_received',
  recordingRefused: 'recording_refused',
  failed: 'failed',
  botCancelled: 'bot_cancelled',
  meetingCancelled: 'cancelled',
} as const

/** Nothing more will happen: a new bot may be sent (unless the meeting was cancelled). */
const finished: ReadonlySet<string> = new Set([
  botStatus.recordingReceived,
  botStatus.recordingRefused,
  botStatus.failed,
  botStatus.botCancelled,
  botStatus.meetingCancelled,
])

/** On its way, in the meeting, or bringing the recording: another bot may not be sent. */
export const isBotBusy = (status: string | null) => status !== null && !finished.has(status)

/** Can still be called back: once the recording is ready it is brought here (delete it then if it is not wanted). */
export const isBotRecallable = (status: string | null) => isBotBusy(status) && status !== botStatus.recordingReady

/** Status reports from the provider no longer apply: the outcome is decided here. */
export const isBotSettled = (status: string | null) =>
  status !== null && (finished.has(status) || status === botStatus.recordingReady)

const ours: ReadonlySet<string> = new Set(Object.values(botStatus))

/**
 * A provider status as we store it: its own words, lower-case, except that its cancelled and failed states become
 * ours, and a word we use for something else cannot pass for it (a provider's "cancelled" must never mark the
 * meeting as cancelled).
 */
export function statusFromProvider(status: string) {
  const word = status.trim().toLowerCase()
  if (word === 'cancelled' || word === 'canceled') return botStatus.botCancelled
  if (word === 'failed' || word === 'fatal' || word === 'error') return botStatus.failed
  return ours.has(word) ? `provider_${word}` : word
}

const labels: Record<string, string> = {
  [botStatus.requested]: 'Being sent to the meeting',
  [botStatus.dispatched]: 'Sent; it joins at the meeting’s time',
  ready: 'Sent; it joins at the meeting’s time',
  scheduled: 'Sent; it joins at the meeting’s time',
  joining_call: 'Joining the meeting',
  in_waiting_room: 'In the waiting room: let the recorder in',
  in_call_not_recording: 'In the meeting, not recording yet',
  in_call_recording: 'Recording',
  recording_permission_denied: 'The meeting’s host did not allow recording',
  call_ended: 'The meeting ended; the recording is being prepared',
  done: 'The meeting ended; the recording is being prepared',
  [botStatus.recordingReady]: 'The recording is ready and on its way here',
  [botStatus.recordingReceived]: 'Recording received',
  [botStatus.recordingRefused]: 'Recording not kept: the candidate no longer agrees to being recorded',
  [botStatus.failed]: 'Failed',
  [botStatus.botCancelled]: 'Called back',
}

export const botStatusLabel = (status: string) => labels[status] ?? status.replace(/[_.-]+/g, ' ')

/** Durable jobs (server/jobs): one dispatch per interview at a time, the rest one per bot. */
export const dispatchBotJobKind = 'dispatch-meeting-bot'
export const dispatchBotJobKey = (interviewId: string) => `meeting-bot-dispatch:${interviewId}`
export const fetchRecordingJobKind = 'fetch-meeting-recording'
export const fetchRecordingJobKey = (botId: string) => `meeting-bot-recording:${botId}`
export const cancelBotJobKind = 'cancel-meeting-bot'
export const cancelBotJobKey = (botId: string) => `meeting-bot-cancel:${botId}`
export const deleteProviderCopyJobKind = 'delete-meeting-bot-recording'
export const deleteProviderCopyJobKey = (botId: string) => `meeting-bot-delete:${botId}`

/** A dispatch may wait for a provider outage: 8 attempts span about ten minutes with the queue's backoff. */
export const dispatchMaxAttempts = 8

/** Queues the provider call that calls a bot back (and deletes anything it recorded). */
export const queueBotCancellation = (tx: DbClient, orgId: string | null, botId: string) =>
  enqueueJob(tx, { kind: cancelBotJobKind, key: cancelBotJobKey(botId), orgId, payload: { botId }, maxAttempts: 10 })

/** Queues the provider call that deletes its copy of a bot's recording. */
export const queueProviderCopyDeletion = (tx: DbClient, orgId: string | null, botId: string) =>
  enqueueJob(tx, {
    kind: deleteProviderCopyJobKind,
    key: deleteProviderCopyJobKey(botId),
    orgId,
    payload: { botId },
    maxAttempts: 10,
  })

/** Queues the download of a bot's recording; one that failed for good is queued again (a new recording.ready). */
export async function queueRecordingFetch(tx: DbClient, orgId: string, botId: string) {
  const job = await enqueueJob(tx, { kind: fetchRecordingJobKind, key: fetchRecordingJobKey(botId), orgId, payload: { botId } })
  if (job.status === 'FAILED') await retryFailedJob(tx, job.key)
}

type BotOfInterview = { id: string; orgId: string; meetingBotId: string | null; meetingBotStatus: string | null }

/**
 * Inside the caller's transaction: calls the interview's recorder back if it can still be called back. The status
 * becomes `status` only if it has not changed since `interview` was read; a dispatch not yet started is dropped, a
 * dispatched bot is cancelled at the provider by a durable job (a dispatch running meanwhile finds the status
 * changed and cancels the bot it got). Audited. False when there was nothing to call back.
 */
export async function recallMeetingBot(
  tx: Prisma.TransactionClient,
  audit: AuditContext,
  interview: BotOfInterview,
  change: { reason: string; status?: string },
) {
  if (!isBotRecallable(interview.meetingBotStatus)) return false
  const status = change.status ?? botStatus.botCancelled
  const { count } = await tx.interview.updateMany({
    where: { id: interview.id, meetingBotStatus: interview.meetingBotStatus, meetingBotId: interview.meetingBotId },
    data: { meetingBotStatus: status },
  })
  if (count === 0) return false
  await tx.backgroundJob.deleteMany({ where: { key: dispatchBotJobKey(interview.id), status: 'QUEUED' } })
  if (interview.meetingBotId) await queueBotCancellation(tx, interview.orgId, interview.meetingBotId)
  await appendAuditEvent(tx, audit, {
    orgId: interview.orgId,
    action: 'meeting_bot.cancelled',
    targets: [{ type: 'interview', id: interview.id }],
    metadata: {
      botId: interview.meetingBotId,
      before: { status: interview.meetingBotStatus },
      after: { status },
      reason: change.reason,
    },
  })
  return true
}
