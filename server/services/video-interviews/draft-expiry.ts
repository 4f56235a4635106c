import type { Prisma } from '@prisma/client'
import type { Database } from '../../db'
import type { BlobStore } from '../../storage'
import { appendAuditEvent, systemAuditContext } from '../../audit/append'
import { enqueueJob } from '../../jobs/queue'
import type { JobHandler } from '../../jobs/worker'
import { draftExpiryJobKey, draftExpiryJobKind } from './job-keys'

/**
 * Draft video answers (retakes the candidate did not submit, and every take
 * of an interview never submitted) are kept only while they can still be
 * chosen. Once the interview is closed (submitted, cancelled, or its link
 * expired) they expire after `draftAttemptDefaultDays`, in every
 * organization and on every plan. An organization's retention rules of kind
 * DRAFT_ATTEMPTS can shorten that for some or all of its candidates
 * (server/services/retention).
 */
export const draftAttemptDefaultDays = 7
const day = 86_400_000

/** Video interviews that closed (submitted, cancelled, link expired) before `cutoff`. */
export function interviewClosedBefore(cutoff: Date): Prisma.VideoInterviewWhereInput {
  return {
    OR: [
      { status: 'SUBMITTED', submittedAt: { lt: cutoff } },
      { status: 'CANCELLED', updatedAt: { lt: cutoff } },
      { status: 'INVITED', expiresAt: { lt: cutoff } },
    ],
  }
}

/** Drafts whose interview closed before `cutoff`. */
export const draftsClosedBefore = (cutoff: Date): Prisma.VideoAnswerTakeWhereInput => ({ status: 'DRAFT', videoInterview: interviewClosedBefore(cutoff) })

/** Deletes the expired drafts of every organization; each organization's log records how many of its drafts went. */
export async function expireDraftAttempts(db: Database, blobs: BlobStore, auditActor: string, now = new Date()) {
  const cutoff = new Date(now.getTime() - draftAttemptDefaultDays * day)
  const perOrg = new Map<string, number>()
  while (true) {
    const batch = await db.prisma.videoAnswerTake.findMany({ where: draftsClosedBefore(cutoff), select: { id: true, orgId: true, storageKey: true }, take: 200 })
    if (batch.length === 0) break
    await db.prisma.videoAnswerTake.deleteMany({ where: { id: { in: batch.map((t) => t.id) } } })
    // After the rows: a failed file delete leaves an orphan file, never a row without its file.
    for (const take of batch) {
      await blobs.delete(take.storageKey)
      perOrg.set(take.orgId, (perOrg.get(take.orgId) ?? 0) + 1)
    }
  }
  for (const [orgId, drafts] of perOrg) {
    await db.prisma.$transaction((tx) =>
      appendAuditEvent(tx, systemAuditContext(auditActor), {
        orgId,
        action: 'retention.drafts_expired',
        targets: [{ type: 'organization', id: orgId }],
        metadata: { drafts, afterDays: draftAttemptDefaultDays },
      }),
    )
  }
  return { deleted: [...perOrg.values()].reduce((a, b) => a + b, 0), organizations: perOrg.size }
}

/** Queues today's expiry (one job per day for the installation). */
export async function scheduleDraftExpiry(db: Database, now = new Date()) {
  const today = now.toISOString().slice(0, 10)
  await enqueueJob(db.prisma, { kind: draftExpiryJobKind, key: draftExpiryJobKey(today), payload: {}, maxAttempts: 5 })
}

export function expireDraftAttemptsHandler(deps: { blobs: BlobStore }): JobHandler {
  return async ({ job, db }) => {
    await expireDraftAttempts(db, deps.blobs, `job:${job.id}`)
  }
}
