import type { Database } from '../../db'
import type { MeetingBotConfig } from '../../env'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { announceJobs, enqueueJob } from '../../jobs/queue'
import { findInterview } from '../interviews/interviews'
import { assertProcessingAllowed } from '../privacy/processing'
import {
  botStatus,
  botStatusLabel,
  dispatchBotJobKey,
  dispatchBotJobKind,
  dispatchMaxAttempts,
  fetchRecordingJobKey,
  isBotBusy,
  isBotRecallable,
  recallMeetingBot,
} from './state'

/**
 * What members do with the meeting recorder: send it to an interview's meeting link, see where it stands, call it
 * back. Every interview is reached through findInterview (tenant and job visibility), so another organization's
 * interview is NOT_FOUND before anything else is said about it. The provider is called by durable jobs (jobs.ts),
 * never inside a request.
 */
export const meetingBotNotConfigured = 'The meeting recorder is not set up on this server: upload the recording instead.'

/** The meeting link as the recorder may open it: https only. */
export function joinableMeetingUrl(meetingUrl: string | null) {
  if (!meetingUrl || !URL.canParse(meetingUrl)) return null
  const url = new URL(meetingUrl)
  return url.protocol === 'https:' ? url : null
}

export async function sendMeetingBot(
  db: Database,
  config: MeetingBotConfig | null,
  access: Access,
  audit: AuditContext,
  input: { interviewId: string },
  now = new Date(),
) {
  const interview = await findInterview(db, access, input.interviewId)
  if (!config) throw new AppError('UNPROCESSABLE', meetingBotNotConfigured)
  const refuse = (message: string) => new AppError('UNPROCESSABLE', message)
  if (interview.meetingBotStatus === botStatus.meetingCancelled) throw refuse('This meeting was cancelled.')
  if (!interview.meetingUrl) throw refuse('This interview has no meeting link for the recorder: upload the recording instead.')
  const meetingUrl = joinableMeetingUrl(interview.meetingUrl)
  if (!meetingUrl) throw refuse('The meeting link is not an https:// address the recorder can join.')
  if (interview.endsAt && interview.endsAt < now) throw refuse('This meeting is over: upload the recording instead.')
  if (await db.prisma.recording.findUnique({ where: { interviewId: interview.id }, select: { id: true } })) {
    throw new AppError('CONFLICT', 'This interview already has a recording. Delete it before sending the recorder.')
  }
  if (isBotBusy(interview.meetingBotStatus)) {
    throw new AppError('CONFLICT', 'The recorder has already been sent to this meeting. Call it back first to send it again.')
  }
  await assertProcessingAllowed(db.prisma, interview.application.candidate.id, 'recording')

  const joinAt = interview.scheduledAt && interview.scheduledAt > now ? interview.scheduledAt : null
  await db.prisma.$transaction(async (tx) => {
    // Conditional on the status read above: of two members sending at once, one wins and the other is told.
    const { count } = await tx.interview.updateMany({
      where: {
        id: interview.id,
        orgId: access.orgId,
        meetingBotStatus: interview.meetingBotStatus,
        meetingBotId: interview.meetingBotId,
      },
      data: { meetingBotStatus: botStatus.requested, meetingBotId: null, meetingBotRequestedById: access.userId },
    })
    if (count === 0) throw new AppError('CONFLICT', 'Someone changed the recorder for this meeting meanwhile. Reload the page.')
    // A finished earlier dispatch gives way to this one; one still queued or running serves this request.
    await tx.backgroundJob.deleteMany({
      where: { key: dispatchBotJobKey(interview.id), status: { in: ['SUCCEEDED', 'FAILED'] } },
    })
    await enqueueJob(tx, {
      kind: dispatchBotJobKind,
      key: dispatchBotJobKey(interview.id),
      orgId: access.orgId,
      payload: { interviewId: interview.id },
      maxAttempts: dispatchMaxAttempts,
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'meeting_bot.requested',
      targets: [{ type: 'interview', id: interview.id }],
      // The host only: a meeting link may carry its passcode.
      metadata: {
        meetingHost: meetingUrl.hostname,
        joinAt,
        previousBotId: interview.meetingBotId,
        before: { status: interview.meetingBotStatus },
      },
    })
  })
  announceJobs()
  return { status: botStatus.requested }
}

export async function cancelMeetingBot(db: Database, access: Access, audit: AuditContext, input: { interviewId: string }) {
  const interview = await findInterview(db, access, input.interviewId)
  if (interview.meetingBotStatus === botStatus.recordingReady) {
    throw new AppError('CONFLICT', 'The recording is already on its way here; delete it once it has arrived if it is not wanted.')
  }
  if (!isBotRecallable(interview.meetingBotStatus)) throw new AppError('CONFLICT', 'No recorder is on its way to this meeting.')
  const recalled = await db.prisma.$transaction((tx) =>
    recallMeetingBot(tx, audit, interview, { reason: 'called back by a member' }),
  )
  if (!recalled) throw new AppError('CONFLICT', 'The recorder’s status changed meanwhile. Reload the page.')
  announceJobs()
  return { status: botStatus.botCancelled }
}

/** The recorder of an interview as its page shows it; `configured` false means the page offers uploads only. */
export async function meetingBotOfInterview(db: Database, config: MeetingBotConfig | null, access: Access, interviewId: string) {
  const interview = await findInterview(db, access, interviewId)
  // `cancelled` is the meeting's (the page says so), not the recorder's.
  const status = interview.meetingBotStatus === botStatus.meetingCancelled ? null : interview.meetingBotStatus
  const botId = interview.meetingBotId
  const jobKeys = [dispatchBotJobKey(interview.id), ...(botId ? [fetchRecordingJobKey(botId)] : [])]
  const failure =
    status === botStatus.failed
      ? await db.prisma.backgroundJob.findFirst({
          where: { status: 'FAILED', key: { in: jobKeys } },
          orderBy: { finishedAt: 'desc' },
          select: { lastError: true },
        })
      : null
  return {
    configured: Boolean(config),
    joinable: Boolean(joinableMeetingUrl(interview.meetingUrl)) && interview.meetingBotStatus !== botStatus.meetingCancelled,
    status,
    label: status ? botStatusLabel(status) : null,
    /** Why it failed, when a job of ours gave up (the provider's own failures are in the audit log). */
    error: failure?.lastError ?? null,
    busy: isBotBusy(status),
    recallable: isBotRecallable(status),
  }
}
