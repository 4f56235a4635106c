import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { findInterview } from './interviews'

/**
 * The organization's people in an interview (interviewers, note-takers).
 * A participant must be an active member who can already see the job: being
 * added to an interview grants no access (assign them to the job first).
 * Participants are emailed when the interview's analysis is ready.
 */
export async function listParticipants(db: Database, access: Access, interviewId: string) {
  const interview = await findInterview(db, access, interviewId)
  const participants = await db.prisma.interviewParticipant.findMany({ where: { interviewId: interview.id }, orderBy: { createdAt: 'asc' } })
  const users = await db.prisma.user.findMany({ where: { id: { in: participants.map((p) => p.userId) } }, select: { id: true, name: true, email: true } })
  return participants.map((p) => ({ userId: p.userId, name: users.find((u) => u.id === p.userId)?.name ?? 'Former member' }))
}

export async function setParticipant(db: Database, access: Access, audit: AuditContext, input: { interviewId: string; userId: string; present: boolean }) {
  const interview = await findInterview(db, access, input.interviewId)
  const membership = await db.prisma.membership.findUnique({
    where: { orgId_userId: { orgId: access.orgId, userId: input.userId } },
    include: { role: { select: { jobVisibility: true } }, user: { select: { id: true, name: true } } },
  })
  if (!membership) throw new AppError('NOT_FOUND', 'Member not found')
  if (input.present) {
    if (membership.status !== 'ACTIVE') throw new AppError('UNPROCESSABLE', `${membership.user.name} is suspended.`)
    if (membership.role.jobVisibility === 'ASSIGNED') {
      const assigned = await db.prisma.jobAssignment.findUnique({ where: { jobId_userId: { jobId: interview.application.jobId, userId: membership.userId } } })
      if (!assigned) throw new AppError('UNPROCESSABLE', `${membership.user.name} cannot see this job: assign them to it first.`)
    }
  }
  return db.prisma.$transaction(async (tx) => {
    const key = { interviewId_userId: { interviewId: interview.id, userId: membership.userId } }
    const existing = await tx.interviewParticipant.findUnique({ where: key })
    if (input.present === Boolean(existing)) return { changed: false }
    if (input.present) await tx.interviewParticipant.create({ data: { orgId: access.orgId, interviewId: interview.id, userId: membership.userId } })
    else await tx.interviewParticipant.delete({ where: key })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: input.present ? 'interview.participant_added' : 'interview.participant_removed',
      targets: [
        { type: 'interview', id: interview.id },
        { type: 'user', id: membership.userId },
      ],
    })
    return { changed: true }
  })
}
