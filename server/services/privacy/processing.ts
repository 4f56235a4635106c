import type { DbClient } from '../../db/types'
import { AppError } from '../../errors'

/**
 * A candidate whose processing is restricted (a restriction, an objection or
 * a withdrawn consent) gets no new recording, transcription, CV reading or AI
 * analysis until the restriction is lifted. Stored data stays as it is.
 */
export async function processingRestriction(db: DbClient, candidateId: string) {
  const candidate = await db.candidate.findUnique({ where: { id: candidateId }, select: { processingRestrictedAt: true, processingRestrictionReason: true } })
  return candidate?.processingRestrictedAt ? (candidate.processingRestrictionReason ?? 'restricted') : null
}

export async function assertProcessingAllowed(db: DbClient, candidateId: string) {
  const reason = await processingRestriction(db, candidateId)
  if (reason) {
    throw new AppError('UNPROCESSABLE', `Processing of this candidate’s data is restricted (${reason}): no recordings, CV reading or AI analysis until it is lifted.`)
  }
}
