import type { DecisionKind, StageKind } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { applicationWhere, jobWhere } from '../../authz/where'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

/**
 * Each job's rubric (weighted competencies) and pipeline (stages), and the
 * decisions that move an application between stages.
 *
 * Decisions are made by people only. `decideApplication` refuses any actor
 * but a signed-in user (not the system, not an API client, not support
 * staff) and needs a written reason; analyses and every background job run
 * as the system actor, so no automated path can change a candidate's stage.
 * A decision is applied only if the application is still where the person
 * saw it (compare-and-set on the stage), and is recorded with its reason
 * both as an ApplicationDecision and in the audit log.
 */
export const defaultStages: { name: string; kind: StageKind }[] = [
  { name: 'Applied', kind: 'ACTIVE' },
  { name: 'Screening', kind: 'ACTIVE' },
  { name: 'Interview', kind: 'ACTIVE' },
  { name: 'Offer', kind: 'ACTIVE' },
  { name: 'Hired', kind: 'HIRED' },
  { name: 'Rejected', kind: 'REJECTED' },
]

export const rubricLimits = { maxCompetencies: 30, minWeight: 1, maxWeight: 10 }
export const reasonLimits = { min: 10, max: 2000 }

/** A new job's pipeline; runs in the caller's transaction. */
export async function createDefaultPipeline(tx: DbClient, job: { id: string; orgId: string }) {
  await tx.pipelineStage.createMany({
    data: defaultStages.map((stage, position) => ({ orgId: job.orgId, jobId: job.id, name: stage.name, kind: stage.kind, position })),
  })
}

/** The first stage of a job's pipeline, where new applications start. */
export async function firstStageId(tx: DbClient, jobId: string) {
  const stage = await tx.pipelineStage.findFirst({ where: { jobId }, orderBy: { position: 'asc' }, select: { id: true } })
  return stage?.id ?? null
}

async function visibleJob(db: DbClient, access: Access, jobId: string) {
  const job = await db.job.findFirst({ where: { AND: [{ id: jobId }, jobWhere(access)] }, select: { id: true, title: true } })
  if (!job) throw new AppError('NOT_FOUND', 'Job not found')
  return job
}

export async function getPipeline(db: Database, access: Access, jobId: string) {
  await visibleJob(db.prisma, access, jobId)
  const [competencies, stages, applications] = await Promise.all([
    db.prisma.rubricCompetency.findMany({ where: { jobId }, orderBy: { position: 'asc' }, select: { id: true, name: true, description: true, weight: true } }),
    db.prisma.pipelineStage.findMany({ where: { jobId }, orderBy: { position: 'asc' }, select: { id: true, name: true, kind: true } }),
    db.prisma.application.findMany({
      where: { AND: [{ jobId }, applicationWhere(access)] },
      orderBy: { createdAt: 'asc' },
      select: { id: true, stageId: true, updatedAt: true, candidate: { select: { id: true, name: true } } },
    }),
  ])
  const totalWeight = competencies.reduce((sum, c) => sum + c.weight, 0)
  return {
    competencies: competencies.map((c) => ({ ...c, share: totalWeight ? c.weight / totalWeight : 0 })),
    stages: stages.map((stage) => ({ ...stage, applications: applications.filter((a) => a.stageId === stage.id) })),
  }
}

export type CompetencyInput = { name: string; description?: string; weight: number }

/** Replaces the job's rubric. Names are unique (case-insensitive); weights are whole numbers from 1 to 10. */
export async function setRubric(db: Database, access: Access, audit: AuditContext, input: { jobId: string; competencies: CompetencyInput[] }) {
  const job = await visibleJob(db.prisma, access, input.jobId)
  if (input.competencies.length > rubricLimits.maxCompetencies) {
    throw new AppError('BAD_REQUEST', `At most ${rubricLimits.maxCompetencies} competencies.`)
  }
  const seen = new Set<string>()
  const competencies = input.competencies.map((c, index) => {
    const name = c.name.trim()
    if (!name) throw new AppError('BAD_REQUEST', `Competency ${index + 1} has no name.`)
    if (seen.has(name.toLowerCase())) throw new AppError('UNPROCESSABLE', `“${name}” appears twice; each competency once.`)
    seen.add(name.toLowerCase())
    if (!Number.isInteger(c.weight) || c.weight < rubricLimits.minWeight || c.weight > rubricLimits.maxWeight) {
      throw new AppError('BAD_REQUEST', `The weight of “${name}” must be a whole number from ${rubricLimits.minWeight} to ${rubricLimits.maxWeight}.`)
    }
    return { name, description: (c.description ?? '').trim(), weight: c.weight, position: index }
  })
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.rubricCompetency.findMany({ where: { jobId: job.id }, orderBy: { position: 'asc' }, select: { name: true, weight: true } })
    await tx.rubricCompetency.deleteMany({ where: { jobId: job.id } })
    await tx.rubricCompetency.createMany({ data: competencies.map((c) => ({ ...c, orgId: access.orgId, jobId: job.id })) })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'job.rubric_updated',
      targets: [{ type: 'job', id: job.id, label: job.title }],
      metadata: { before, after: competencies.map(({ name, weight }) => ({ name, weight })) },
    })
    return { competencies: competencies.length }
  })
}

export const stageLimits = { maxActive: 12, maxName: 60 }
export type StageInput = { id?: string; name: string }

/**
 * Replaces the job's open stages, in order; Hired and Rejected stay at the
 * end. A stage given with its id keeps its applications (renamed or moved);
 * a stage left out is removed, which is refused while applications are in
 * it, so nobody's candidate silently changes stage.
 */
export async function setStages(db: Database, access: Access, audit: AuditContext, input: { jobId: string; stages: StageInput[] }) {
  const job = await visibleJob(db.prisma, access, input.jobId)
  if (input.stages.length === 0) throw new AppError('BAD_REQUEST', 'Keep at least one open stage.')
  if (input.stages.length > stageLimits.maxActive) throw new AppError('BAD_REQUEST', `At most ${stageLimits.maxActive} open stages.`)
  const ids = input.stages.flatMap((s) => (s.id ? [s.id] : []))
  if (new Set(ids).size !== ids.length) throw new AppError('BAD_REQUEST', 'A stage is listed twice.')
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.pipelineStage.findMany({ where: { jobId: job.id }, orderBy: { position: 'asc' }, include: { _count: { select: { applications: true } } } })
    const closed = existing.filter((s) => s.kind !== 'ACTIVE')
    const active = existing.filter((s) => s.kind === 'ACTIVE')
    const names = new Set(closed.map((s) => s.name.toLowerCase()))
    const wanted = input.stages.map((stage, index) => {
      const name = stage.name.trim()
      if (!name) throw new AppError('BAD_REQUEST', `Stage ${index + 1} has no name.`)
      if (names.has(name.toLowerCase())) throw new AppError('UNPROCESSABLE', `“${name}” is used twice; each stage once.`, { stages: 'Names must differ' })
      names.add(name.toLowerCase())
      if (stage.id && !active.some((s) => s.id === stage.id)) throw new AppError('NOT_FOUND', 'Stage not found')
      return { id: stage.id, name }
    })
    const removed = active.filter((s) => !wanted.some((w) => w.id === s.id))
    const occupied = removed.find((s) => s._count.applications > 0)
    if (occupied) {
      throw new AppError('UNPROCESSABLE', `Move the ${occupied._count.applications} application(s) out of “${occupied.name}” before removing it.`)
    }
    await tx.pipelineStage.deleteMany({ where: { id: { in: removed.map((s) => s.id) } } })
    // Two steps, because names are unique per job and a reorder may swap them.
    for (const stage of [...active.filter((s) => !removed.includes(s)), ...closed]) {
      await tx.pipelineStage.update({ where: { id: stage.id }, data: { name: `~${stage.id}` } })
    }
    let position = 0
    for (const stage of wanted) {
      if (stage.id) await tx.pipelineStage.update({ where: { id: stage.id }, data: { name: stage.name, position: position++ } })
      else await tx.pipelineStage.create({ data: { orgId: access.orgId, jobId: job.id, name: stage.name, kind: 'ACTIVE', position: position++ } })
    }
    for (const stage of closed) await tx.pipelineStage.update({ where: { id: stage.id }, data: { name: stage.name, position: position++ } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'job.stages_updated',
      targets: [{ type: 'job', id: job.id, label: job.title }],
      metadata: { before: active.map((s) => s.name), after: wanted.map((s) => s.name) },
    })
    return { stages: wanted.length }
  })
}

export type DecisionInput = { applicationId: string; kind: DecisionKind; toStageId?: string; reason: string }

/** Where a decision sends an application, from its current stage. */
function targetStage<S extends { id: string; kind: StageKind; position: number }>(stages: S[], currentId: string | null, input: DecisionInput) {
  const current = stages.find((s) => s.id === currentId) ?? null
  switch (input.kind) {
    case 'HIRE':
      return stages.find((s) => s.kind === 'HIRED')
    case 'REJECT':
      return stages.find((s) => s.kind === 'REJECTED')
    case 'ADVANCE': {
      if (current && current.kind !== 'ACTIVE') throw new AppError('UNPROCESSABLE', 'This application is closed; move it back to a stage to reopen it.')
      return stages.filter((s) => s.kind === 'ACTIVE' && s.position > (current?.position ?? -1)).sort((a, b) => a.position - b.position)[0]
    }
    case 'MOVE':
      if (!input.toStageId) throw new AppError('BAD_REQUEST', 'Choose the stage to move to.', { toStageId: 'Required' })
      return stages.find((s) => s.id === input.toStageId)
  }
}

export async function decideApplication(db: Database, access: Access, audit: AuditContext, input: DecisionInput) {
  // Only a person decides: never the system (analyses, jobs), an API client or support staff.
  if (audit.actor.type !== 'USER' || !audit.actor.id || audit.supportGrantId) {
    throw new AppError('FORBIDDEN', 'Hiring decisions are made only by a person signed in to the organization.')
  }
  const reason = input.reason.trim()
  if (reason.length < reasonLimits.min) {
    throw new AppError('BAD_REQUEST', `Give a reason of at least ${reasonLimits.min} characters; it is kept with the decision.`, { reason: 'Too short' })
  }
  const application = await db.prisma.application.findFirst({
    where: { AND: [{ id: input.applicationId }, applicationWhere(access)] },
    select: { id: true, jobId: true, candidateId: true, stageId: true },
  })
  if (!application) throw new AppError('NOT_FOUND', 'Application not found')
  const stages = await db.prisma.pipelineStage.findMany({ where: { jobId: application.jobId }, select: { id: true, name: true, kind: true, position: true } })
  const to = targetStage(stages, application.stageId, input)
  if (!to) throw new AppError('UNPROCESSABLE', input.kind === 'ADVANCE' ? 'This is the last stage before a decision: hire or reject.' : 'Stage not found in this job’s pipeline.')
  if (to.id === application.stageId) throw new AppError('CONFLICT', `The application is already in ${to.name}.`)
  const from = stages.find((s) => s.id === application.stageId) ?? null
  return db.prisma.$transaction(async (tx) => {
    // Applied only if nobody moved the application since this person looked at it.
    const moved = await tx.application.updateMany({ where: { id: application.id, stageId: application.stageId }, data: { stageId: to.id } })
    if (moved.count !== 1) throw new AppError('CONFLICT', 'Someone else moved this application meanwhile. Reload and decide again.')
    const decision = await tx.applicationDecision.create({
      data: { orgId: access.orgId, applicationId: application.id, kind: input.kind, fromStageId: from?.id ?? null, toStageId: to.id, reason, decidedById: access.userId },
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'application.decided',
      // No names and no reason (free text about a person): the log is append-only and erasure must not need to touch it.
      // The reason is in the decision row, which erasure deletes with the candidate.
      targets: [{ type: 'application', id: application.id }, { type: 'candidate', id: application.candidateId }, { type: 'job', id: application.jobId }],
      metadata: { kind: input.kind, from: from?.name ?? null, to: to.name, decisionId: decision.id },
    })
    return { decisionId: decision.id, stage: { id: to.id, name: to.name, kind: to.kind } }
  })
}

/** The decisions on an application, newest first, with who made them and why. */
export async function applicationHistory(db: Database, access: Access, applicationId: string) {
  const application = await db.prisma.application.findFirst({ where: { AND: [{ id: applicationId }, applicationWhere(access)] }, select: { id: true } })
  if (!application) throw new AppError('NOT_FOUND', 'Application not found')
  const decisions = await db.prisma.applicationDecision.findMany({ where: { applicationId }, orderBy: { createdAt: 'desc' } })
  const [stages, people] = await Promise.all([
    db.prisma.pipelineStage.findMany({ where: { id: { in: decisions.flatMap((d) => [d.toStageId, d.fromStageId ?? '']) } }, select: { id: true, name: true } }),
    db.prisma.user.findMany({ where: { id: { in: decisions.map((d) => d.decidedById) } }, select: { id: true, name: true } }),
  ])
  const stageName = new Map(stages.map((s) => [s.id, s.name]))
  const personName = new Map(people.map((p) => [p.id, p.name]))
  return decisions.map((d) => ({
    id: d.id,
    kind: d.kind,
    from: d.fromStageId ? (stageName.get(d.fromStageId) ?? null) : null,
    to: stageName.get(d.toStageId) ?? null,
    reason: d.reason,
    decidedBy: personName.get(d.decidedById) ?? 'Former member',
    at: d.createdAt,
  }))
}
