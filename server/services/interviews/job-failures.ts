import type { Database } from '../../db'
import { appendAuditEvent, systemAuditContext } from '../../audit/append'
import { ClaimLostError, JobError, type ClaimedJob } from '../../jobs/queue'

/** Marks a job's final failure in the audit log (retries are not events; giving up is). */
export async function auditFinalFailure(db: Database, job: ClaimedJob, error: unknown, action: 'transcription.failed' | 'analysis.failed', targets: { type: string; id: string }[]) {
  if (error instanceof ClaimLostError) return
  const retryable = !(error instanceof JobError) || error.retryable
  if (retryable && job.attempts < job.maxAttempts) return
  if (!job.orgId) return
  await db.prisma.$transaction((tx) =>
    appendAuditEvent(tx, systemAuditContext(`job:${job.id}`), {
      orgId: job.orgId!,
      action,
      success: false,
      targets,
      metadata: { reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown', attempts: job.attempts },
    }),
  )
}
