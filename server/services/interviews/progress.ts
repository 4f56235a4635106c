import type { BackgroundJob } from '@prisma/client'
import type { Database } from '../../db'
import type { Access } from '../../authz/access'
import { AppError } from '../../errors'
import { retryFailedJob } from '../../jobs/queue'
import type { AuditContext } from '../../audit/append'
import { appendAuditEvent } from '../../audit/append'
import { findInterview } from './interviews'
import { transcriptionJobKey } from './transcription-job'
import { videoTranscriptionJobKey } from '../video-interviews/job-keys'
import { analysisJobKeyPrefix, analysisJobKind } from './analysis-job'

/** A background job as the interview page shows it: state, percentage, note, and the error once it failed. */
function describeJob(job: BackgroundJob | null) {
  if (!job) return null
  return {
    status: job.status,
    progress: job.progress,
    note: job.progressNote,
    error: job.lastError,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    /** Set while a failed attempt waits for its retry. */
    retryAt: job.status === 'QUEUED' && job.attempts > 0 ? job.runAt : null,
  }
}

/** Where the interview's recording, transcription and analysis stand: what the page polls while work runs. */
export async function interviewProgress(db: Database, access: Access, interviewId: string) {
  const interview = await findInterview(db, access, interviewId)
  const recording = await db.prisma.recording.findUnique({ where: { interviewId: interview.id } })
  const [transcription, analysis, transcript] = await Promise.all([
    // An uploaded recording's transcription, or the one of a submitted video interview.
    db.prisma.backgroundJob.findUnique({ where: { key: recording ? transcriptionJobKey(recording.id) : videoTranscriptionJobKey(interview.id) } }),
    db.prisma.backgroundJob.findFirst({
      where: { kind: analysisJobKind, key: { startsWith: analysisJobKeyPrefix(interview.id) } },
      orderBy: { createdAt: 'desc' },
    }),
    db.prisma.transcript.findUnique({ where: { interviewId: interview.id }, select: { id: true, createdAt: true } }),
  ])
  return {
    recording: recording
      ? {
          id: recording.id,
          fileName: recording.fileName,
          contentType: recording.contentType,
          sizeBytes: Number(recording.sizeBytes),
          sha256: recording.sha256,
          createdAt: recording.createdAt,
          /** Whether this member's role may listen to it. */
          playable: access.visibility.seeRecordings,
        }
      : null,
    transcription: describeJob(transcription),
    analysis: describeJob(analysis),
    hasTranscript: Boolean(transcript),
  }
}

/** Starts a failed transcription again from its first attempt. */
export async function retryTranscription(db: Database, access: Access, audit: AuditContext, interviewId: string) {
  const interview = await findInterview(db, access, interviewId)
  const recording = await db.prisma.recording.findUnique({ where: { interviewId: interview.id }, select: { id: true } })
  const video = recording ? null : await db.prisma.videoInterview.findUnique({ where: { interviewId: interview.id }, select: { status: true } })
  if (!recording && video?.status !== 'SUBMITTED') throw new AppError('NOT_FOUND', 'This interview has no recording.')
  return db.prisma.$transaction(async (tx) => {
    if (!(await retryFailedJob(tx, recording ? transcriptionJobKey(recording.id) : videoTranscriptionJobKey(interview.id)))) {
      throw new AppError('CONFLICT', 'The transcription has not failed: there is nothing to retry.')
    }
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'transcription.requested',
      targets: [{ type: 'interview', id: interview.id }, ...(recording ? [{ type: 'recording', id: recording.id }] : [])],
      metadata: { retry: true },
    })
    return { queued: true }
  })
}
