import type { DbClient } from '../../db/types'
import { videoTranscriptionJobKey } from '../video-interviews/job-keys'
import { AppError } from '../../errors'
import { missingConsents, describeMissingConsents } from '../consent/state'

/**
 * What may be done with a candidate's data right now. A candidate whose
 * processing is restricted (a restriction, an objection or a withdrawn
 * consent request) gets no new recording, transcription, CV reading or AI
 * analysis until the restriction is lifted; stored data stays as it is.
 * Recording (and transcripts of recordings) and AI analysis also need the
 * candidate's consent to the current notice (server/services/consent).
 */
export type ProcessingUse = 'recording' | 'analysis' | 'cv'

/** Why the use is not allowed now, or null when it is. */
export async function processingBlock(db: DbClient, candidateId: string, use: ProcessingUse): Promise<string | null> {
  const candidate = await db.candidate.findUnique({
    where: { id: candidateId },
    select: { processingRestrictedAt: true, processingRestrictionReason: true, country: true },
  })
  if (!candidate) return 'The candidate no longer exists.'
  if (candidate.processingRestrictedAt) {
    const reason = candidate.processingRestrictionReason ?? 'restricted'
    return `Processing of this candidate’s data is restricted (${reason}): no recordings, CV reading or AI analysis until it is lifted.`
  }
  if (use === 'cv') return null
  const missing = await missingConsents(db, { id: candidateId, country: candidate.country }, use)
  return missing.length ? describeMissingConsents(missing, candidate.country) : null
}

export async function assertProcessingAllowed(db: DbClient, candidateId: string, use: ProcessingUse) {
  const reason = await processingBlock(db, candidateId, use)
  if (reason) throw new AppError('UNPROCESSABLE', reason)
}

/**
 * Cancels queued work for the candidate that the uses cover ('cv': CV reading, 'recording': transcription, 'analysis':
 * AI analysis). Jobs already running stop at their next check of processingBlock. Returns how many were cancelled.
 */
export async function cancelQueuedWork(tx: DbClient, candidateId: string, uses: ProcessingUse[]) {
  const [documents, interviews] = await Promise.all([
    uses.includes('cv') ? tx.candidateDocument.findMany({ where: { candidateId }, select: { id: true } }) : [],
    tx.interview.findMany({ where: { application: { candidateId } }, select: { id: true, recording: { select: { id: true } } } }),
  ])
  const keys = [
    ...documents.map((d) => `parse-cv:${d.id}`),
    ...(uses.includes('recording') ? interviews.flatMap((i) => (i.recording ? [`transcribe:${i.recording.id}`] : [])) : []),
    ...(uses.includes('recording') ? interviews.map((i) => videoTranscriptionJobKey(i.id)) : []),
  ]
  const prefixes = uses.includes('analysis') ? interviews.map((i) => `analyze:${i.id}:`) : []
  const { count } = await tx.backgroundJob.deleteMany({
    where: { status: 'QUEUED', OR: [{ key: { in: keys } }, ...prefixes.map((prefix) => ({ key: { startsWith: prefix } }))] },
  })
  return count
}
