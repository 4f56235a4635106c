import type { DataRegion } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { jobSelect, jobWhere } from '../../authz/where'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { createDefaultPipeline } from '../pipeline/pipeline'

export type JobFields = {
  title: string
  description: string
  location: string
  region: DataRegion
  compensationMin?: number | null
  compensationMax?: number | null
  currency: string
}

export function listJobs(db: Database, access: Access) {
  return db.prisma.job.findMany({ where: jobWhere(access), orderBy: { createdAt: 'desc' }, select: jobSelect(access) })
}

/** A job the member can see; NOT_FOUND otherwise (also for other organizations' jobs). */
export async function getJob(db: Database, access: Access, jobId: string) {
  const job = await db.prisma.job.findFirst({
    where: { AND: [{ id: jobId }, jobWhere(access)] },
    select: { ...jobSelect(access), assignments: { select: { user: { select: { id: true, name: true, email: true } } } } },
  })
  if (!job) throw new AppError('NOT_FOUND', 'Job not found')
  return job
}

export async function createJob(db: Database, access: Access, audit: AuditContext, fields: JobFields) {
  if (fields.compensationMin != null && fields.compensationMax != null && fields.compensationMin > fields.compensationMax) {
    throw new AppError('UNPROCESSABLE', 'The minimum compensation is above the maximum', { compensationMin: 'Above the maximum' })
  }
  return db.prisma.$transaction(async (tx) => {
    const job = await tx.job.create({ data: { ...fields, orgId: access.orgId, createdById: access.userId } })
    // The creator is assigned, so a recruiter with ASSIGNED visibility sees what they create.
    await tx.jobAssignment.create({ data: { jobId: job.id, userId: access.userId, orgId: access.orgId } })
    await createDefaultPipeline(tx, job)
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'job.created',
      targets: [{ type: 'job', id: job.id, label: job.title }],
      metadata: { after: { title: job.title, location: job.location, region: job.region } },
    })
    return job
  })
}

/** Adds or removes a member of the organization from a visible job's team. */
export async function setJobAssignment(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { jobId: string; userId: string; assigned: boolean },
) {
  const job = await getJob(db, access, input.jobId)
  const member = await db.prisma.membership.findFirst({
    where: { orgId: access.orgId, userId: input.userId },
    select: { user: { select: { id: true, email: true } } },
  })
  if (!member) throw new AppError('NOT_FOUND', 'Member not found')
  return db.prisma.$transaction(async (tx) => {
    const key = { jobId_userId: { jobId: job.id, userId: member.user.id } }
    const existing = await tx.jobAssignment.findUnique({ where: key })
    if (input.assigned === Boolean(existing)) return { changed: false }
    if (input.assigned) await tx.jobAssignment.create({ data: { jobId: job.id, userId: member.user.id, orgId: access.orgId } })
    else await tx.jobAssignment.delete({ where: key })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: input.assigned ? 'job.assignment_added' : 'job.assignment_removed',
      targets: [
        { type: 'job', id: job.id, label: job.title },
        { type: 'user', id: member.user.id, label: member.user.email },
      ],
    })
    return { changed: true }
  })
}
