import { z } from 'zod'
import type { Database } from '../../db'
import type { Env } from '../../env'
import { AppError } from '../../errors'
import { isUniqueViolation } from '../../db/errors'
import type { BlobStore } from '../../storage'
import { appendAuditEvent, systemAuditContext, type AuditContext } from '../../audit/append'
import { ClaimLostError, JobError, type ClaimedJob } from '../../jobs/queue'
import type { JobHandler } from '../../jobs/worker'
import { logger } from '../../logger'
import { processingBlock } from '../privacy/processing'
import { storeInterviewRecording } from '../interviews/recordings'
import { createMeetingBotClient, MeetingBotApiError, botIdSchema } from './client'
import { joinableMeetingUrl } from './bots'
import { botStatus, queueBotCancellation, queueProviderCopyDeletion, statusFromProvider } from './state'

/**
 * The durable jobs that talk to the provider (server/jobs). Each reads the interview again when it runs, so a bot
 * called back, a recording deleted or a consent withdrawn meanwhile is respected; each writes its result through
 * the job's commit, so a retried or taken-over job cannot write twice. A job that gives up marks the recorder
 * failed, with the reason members see.
 */
const notConfigured = 'The meeting recorder is not configured in the process that ran this job (MEETING_BOT_API_URL, …).'

const interviewPayload = z.object({ interviewId: z.string().min(1).max(40) })
const botPayload = z.object({ botId: botIdSchema })

type MeetingBotDeps = { env: Pick<Env, 'meetingBot' | 'RECORDING_MAX_MB'> }

/** A provider or upload failure as the queue understands it: retried or not, with a message members may read. */
function asJobError(error: unknown) {
  if (error instanceof JobError) return error
  if (error instanceof MeetingBotApiError) return new JobError(error.message, error.retryable)
  if (error instanceof AppError) return new JobError(`The recording was not accepted: ${error.message}`, false)
  return error
}

/** Whether the queue stops trying after this failure (its rule: anything but a permanent JobError is retried). */
function givesUp(job: ClaimedJob, error: unknown) {
  if (error instanceof ClaimLostError) return false
  const retryable = !(error instanceof JobError) || error.retryable
  return !retryable || job.attempts >= job.maxAttempts
}

/** Marks the recorder failed (only from `from`, so a later change is never overwritten), audited. */
async function markFailed(
  db: Database,
  audit: AuditContext,
  interview: { id: string; orgId: string; meetingBotId: string | null },
  from: string,
  error: unknown,
) {
  const reason = error instanceof JobError ? error.message : 'An unexpected error occurred; the details are in the server log.'
  await db.prisma.$transaction(async (tx) => {
    const { count } = await tx.interview.updateMany({
      where: { id: interview.id, meetingBotStatus: from },
      data: { meetingBotStatus: botStatus.failed },
    })
    if (count === 0) return
    await appendAuditEvent(tx, audit, {
      orgId: interview.orgId,
      action: 'meeting_bot.status_changed',
      success: false,
      targets: [{ type: 'interview', id: interview.id }],
      metadata: {
        botId: interview.meetingBotId,
        before: { status: from },
        after: { status: botStatus.failed },
        reason: reason.slice(0, 300),
      },
    })
  })
}

/** `dispatch-meeting-bot`: asks the provider for a bot and records its id. */
export function dispatchMeetingBotHandler(deps: MeetingBotDeps): JobHandler {
  const client = deps.env.meetingBot ? createMeetingBotClient(deps.env.meetingBot) : null
  return async ({ job, db, signal, commit }) => {
    const { interviewId } = interviewPayload.parse(job.payload)
    const interview = await db.prisma.interview.findUnique({
      where: { id: interviewId },
      select: {
        id: true,
        orgId: true,
        meetingUrl: true,
        scheduledAt: true,
        meetingBotId: true,
        meetingBotStatus: true,
        application: { select: { candidateId: true } },
      },
    })
    // Deleted, called back, or already served by an earlier attempt: nothing to do.
    if (!interview || interview.meetingBotStatus !== botStatus.requested || interview.meetingBotId) return
    const audit = systemAuditContext(`job:${job.id}`)
    try {
      if (!client) throw new JobError(notConfigured, true)
      const blocked = await processingBlock(db.prisma, interview.application.candidateId, 'recording')
      if (blocked) throw new JobError(blocked, false)
      const meetingUrl = joinableMeetingUrl(interview.meetingUrl)
      if (!meetingUrl) throw new JobError('The interview has no meeting link the recorder can join.', false)
      const joinAt = interview.scheduledAt && interview.scheduledAt > new Date() ? interview.scheduledAt : null
      const bot = await client.createBot(
        {
          meetingUrl: meetingUrl.href,
          joinAt,
          metadata: { interviewId: interview.id, orgId: interview.orgId },
          // The job id is the same on every attempt of this request and new for the next request.
          idempotencyKey: `hireproof-${job.id}`,
        },
        signal,
      )
      const status = bot.status ? statusFromProvider(bot.status) : botStatus.dispatched
      await commit(async (tx) => {
        const { count } = await tx.interview.updateMany({
          where: { id: interview.id, meetingBotStatus: botStatus.requested, meetingBotId: null },
          data: { meetingBotId: bot.id, meetingBotStatus: status },
        })
        // Called back while the provider was being asked: the bot we just got is called back too.
        if (count === 0) return queueBotCancellation(tx, interview.orgId, bot.id)
        await appendAuditEvent(tx, audit, {
          orgId: interview.orgId,
          action: 'meeting_bot.status_changed',
          targets: [{ type: 'interview', id: interview.id }],
          metadata: { botId: bot.id, before: { status: botStatus.requested }, after: { status } },
        })
      }).catch((error: unknown) => {
        if (!isUniqueViolation(error)) throw error
        throw new JobError('The meeting-bot provider returned a bot id that is already in use.', false)
      })
    } catch (error) {
      const jobError = asJobError(error)
      if (!signal.aborted && givesUp(job, jobError)) await markFailed(db, audit, interview, botStatus.requested, jobError)
      throw jobError
    }
  }
}

/**
 * `fetch-meeting-recording`: brings a finished recording into the blob store as the interview's recording (type
 * from the bytes, RECORDING_MAX_MB, SHA-256), queues its transcription as an upload does, and then has the
 * provider delete its copy. The candidate's consent is checked again now: without it nothing is stored and the
 * provider's copy is deleted.
 */
export function fetchMeetingRecordingHandler(deps: MeetingBotDeps & { blobs: BlobStore }): JobHandler {
  const client = deps.env.meetingBot ? createMeetingBotClient(deps.env.meetingBot) : null
  return async ({ job, db, signal, commit }) => {
    const { botId } = botPayload.parse(job.payload)
    const interview = await db.prisma.interview.findUnique({
      where: { meetingBotId: botId },
      select: {
        id: true,
        orgId: true,
        createdById: true,
        meetingBotId: true,
        meetingBotStatus: true,
        meetingBotRequestedById: true,
        recording: { select: { id: true } },
        application: { select: { candidateId: true } },
      },
    })
    // The interview is gone (deleted or erased): so is any reason to keep the provider's copy.
    if (!interview) return void (await commit((tx) => queueProviderCopyDeletion(tx, null, botId)))
    const status = interview.meetingBotStatus
    // Stored already (a repeated job), or deleted by a member since: not fetched again.
    if (interview.recording || status === botStatus.recordingReceived || status === botStatus.recordingRefused) return
    if (status === botStatus.botCancelled || status === botStatus.meetingCancelled) {
      return void (await commit((tx) => queueProviderCopyDeletion(tx, interview.orgId, botId)))
    }
    const audit = systemAuditContext(`job:${job.id}`)
    const targets = [{ type: 'interview', id: interview.id }]
    const blocked = await processingBlock(db.prisma, interview.application.candidateId, 'recording')
    if (blocked) {
      await commit(async (tx) => {
        await tx.interview.updateMany({
          where: { id: interview.id, meetingBotId: botId },
          data: { meetingBotStatus: botStatus.recordingRefused },
        })
        await queueProviderCopyDeletion(tx, interview.orgId, botId)
        await appendAuditEvent(tx, audit, {
          orgId: interview.orgId,
          action: 'meeting_bot.recording_refused',
          targets,
          metadata: { botId, before: { status }, after: { status: botStatus.recordingRefused }, reason: blocked.slice(0, 300) },
        })
      })
      return
    }

    let download: Awaited<ReturnType<NonNullable<typeof client>['openRecording']>> | undefined
    try {
      if (!client) throw new JobError(notConfigured, true)
      download = await client.openRecording(botId, signal)
      const stored = await storeInterviewRecording(deps.blobs, {
        orgId: interview.orgId,
        interviewId: interview.id,
        uploadedById: interview.meetingBotRequestedById ?? interview.createdById,
        fileName: '',
        fallbackName: 'meeting-recording',
        body: download.body,
        maxBytes: deps.env.RECORDING_MAX_MB * 1024 * 1024,
        declaredBytes: download.declaredBytes,
        transaction: commit,
        record: async (tx, recording, file) => {
          // Not over the meeting's own cancellation (a race with the mailbox): the recording is kept all the same.
          await tx.interview.updateMany({
            where: { id: interview.id, meetingBotId: botId, meetingBotStatus: { not: botStatus.meetingCancelled } },
            data: { meetingBotStatus: botStatus.recordingReceived },
          })
          await queueProviderCopyDeletion(tx, interview.orgId, botId)
          await appendAuditEvent(tx, audit, {
            orgId: interview.orgId,
            action: 'meeting_bot.recording_received',
            targets: [...targets, { type: 'recording', id: recording.id }],
            metadata: { botId, contentType: file.type.mime, sizeBytes: file.sizeBytes, sha256: file.sha256 },
          })
        },
      })
      logger.info('meeting recording stored', { jobId: job.id, interviewId: interview.id, recordingId: stored.recording.id })
    } catch (error) {
      // A member uploaded a recording meanwhile: theirs stays, and this one is not needed.
      if (error instanceof AppError && error.code === 'CONFLICT') return
      const jobError = asJobError(error)
      if (!signal.aborted && givesUp(job, jobError)) await markFailed(db, audit, interview, botStatus.recordingReady, jobError)
      throw jobError
    } finally {
      await download?.close()
    }
  }
}

/** `cancel-meeting-bot`: calls the bot back at the provider and deletes whatever it recorded. */
export function cancelMeetingBotHandler(deps: MeetingBotDeps): JobHandler {
  const client = deps.env.meetingBot ? createMeetingBotClient(deps.env.meetingBot) : null
  return async ({ job, signal }) => {
    const { botId } = botPayload.parse(job.payload)
    if (!client) throw new JobError(notConfigured, true)
    try {
      await client.cancelBot(botId, signal)
      await client.deleteRecording(botId, signal)
    } catch (error) {
      throw asJobError(error)
    }
  }
}

/** `delete-meeting-bot-recording`: asks the provider to delete its copy of a recording (retried; a final failure is logged). */
export function deleteProviderCopyHandler(deps: MeetingBotDeps): JobHandler {
  const client = deps.env.meetingBot ? createMeetingBotClient(deps.env.meetingBot) : null
  return async ({ job, signal }) => {
    const { botId } = botPayload.parse(job.payload)
    if (!client) throw new JobError(notConfigured, true)
    try {
      await client.deleteRecording(botId, signal)
    } catch (error) {
      throw asJobError(error)
    }
  }
}
