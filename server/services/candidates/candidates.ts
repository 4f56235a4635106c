import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { candidateSelect, candidateWhere, jobWhere } from '../../authz/where'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { firstStageId } from '../pipeline/pipeline'

export type CandidateFields = {
  name: string
  email?: string | null
  phone?: string | null
  location: string
  country?: string | null
  expectedCompensation?: number | null
}

export function listCandidates(db: Database, access: Access) {
  return db.prisma.candidate.findMany({
    where: candidateWhere(access),
    orderBy: { createdAt: 'desc' },
    select: candidateSelect(access),
  })
}

export async function getCandidate(db: Database, access: Access, candidateId: string) {
  const candidate = await db.prisma.candidate.findFirst({
    where: { AND: [{ id: candidateId }, candidateWhere(access)] },
    select: {
      ...candidateSelect(access),
      applications: {
        where: { job: jobWhere(access) },
        select: { id: true, stage: { select: { id: true, name: true, kind: true } }, job: { select: { id: true, title: true } } },
      },
    },
  })
  if (!candidate) throw new AppError('NOT_FOUND', 'Candidate not found')
  return candidate
}

/** Adds a candidate, optionally applying them to a job the member can see. */
export async function createCandidate(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: CandidateFields & { jobId?: string },
) {
  if (input.jobId) {
    const job = await db.prisma.job.findFirst({ where: { AND: [{ id: input.jobId }, jobWhere(access)] }, select: { id: true } })
    if (!job) throw new AppError('NOT_FOUND', 'Job not found')
  } else if (access.visibility.jobVisibility === 'ASSIGNED') {
    throw new AppError('UNPROCESSABLE', 'Choose one of your jobs for this candidate', { jobId: 'Required for your role' })
  }
  const { jobId, ...fields } = input
  return db.prisma.$transaction(async (tx) => {
    const candidate = await tx.candidate.create({ data: { ...fields, orgId: access.orgId } })
    if (jobId) await tx.application.create({ data: { orgId: access.orgId, jobId, candidateId: candidate.id, stageId: await firstStageId(tx, jobId) } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'candidate.created',
      // No names in the log: it is append-only, and erasure must not need to touch it.
      targets: [{ type: 'candidate', id: candidate.id }, ...(jobId ? [{ type: 'job', id: jobId }] : [])],
    })
    return candidate
  })
}
