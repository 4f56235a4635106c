import type { Prisma, Recommendation } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { findInterview } from './interviews'

/**
 * Interviewers' scorecards: a 1–4 rating per rubric competency (each rated
 * once, every one a competency of this job), a recommendation and a
 * summary. One per interviewer and interview, revisable. Members with
 * `scorecards.read` see everyone's; the others see only their own, so an
 * interviewer forms a view before reading colleagues'.
 */
export type RatingInput = { competencyId: string; rating: number; note?: string }


export async function submitScorecard(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { interviewId: string; ratings: RatingInput[]; recommendation: Recommendation; summary: string },
) {
  const interview = await findInterview(db, access, input.interviewId)
  const competencies = await db.prisma.rubricCompetency.findMany({ where: { jobId: interview.application.jobId }, select: { id: true } })
  const known = new Set(competencies.map((c) => c.id))
  const seen = new Set<string>()
  for (const r of input.ratings) {
    if (!known.has(r.competencyId)) throw new AppError('UNPROCESSABLE', 'A rating names a competency that is not in this job’s rubric.')
    if (seen.has(r.competencyId)) throw new AppError('UNPROCESSABLE', 'Rate each competency once.')
    seen.add(r.competencyId)
  }
  const ratings = input.ratings.map((r) => ({ competencyId: r.competencyId, rating: r.rating, note: (r.note ?? '').trim() }))
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.scorecard.findUnique({ where: { interviewId_authorId: { interviewId: interview.id, authorId: access.userId } }, select: { id: true } })
    const data = { ratings: ratings as Prisma.InputJsonValue, recommendation: input.recommendation, summary: input.summary.trim() }
    const scorecard = await tx.scorecard.upsert({
      where: { interviewId_authorId: { interviewId: interview.id, authorId: access.userId } },
      create: { orgId: access.orgId, interviewId: interview.id, authorId: access.userId, ...data },
      update: data,
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'scorecard.submitted',
      targets: [{ type: 'interview', id: interview.id }, { type: 'scorecard', id: scorecard.id }],
      metadata: { recommendation: input.recommendation, ratings: ratings.length, revised: Boolean(existing) },
    })
    return { id: scorecard.id, revised: Boolean(existing) }
  })
}

export async function listScorecards(db: Database, access: Access, interviewId: string) {
  const interview = await findInterview(db, access, interviewId)
  const everyone = access.permissions.has('scorecards.read')
  const scorecards = await db.prisma.scorecard.findMany({
    where: { interviewId: interview.id, ...(everyone ? {} : { authorId: access.userId }) },
    orderBy: { createdAt: 'asc' },
  })
  const authors = await db.prisma.user.findMany({ where: { id: { in: scorecards.map((s) => s.authorId) } }, select: { id: true, name: true } })
  const name = new Map(authors.map((a) => [a.id, a.name]))
  return scorecards.map((s) => ({
    id: s.id,
    author: name.get(s.authorId) ?? 'Former member',
    mine: s.authorId === access.userId,
    ratings: s.ratings as RatingInput[],
    recommendation: s.recommendation,
    summary: s.summary,
    updatedAt: s.updatedAt,
  }))
}
