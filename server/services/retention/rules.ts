import type { DataRegion, Prisma, RetentionAction, RetentionCandidateStatus, RetentionDataKind } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, systemAuditContext, type AuditContext } from '../../audit/append'
import type { BlobStore } from '../../storage'
import { enqueueJob } from '../../jobs/queue'
import type { JobHandler } from '../../jobs/worker'
import { applyRules, previewRules } from './retention'
import { requirePlanFeature } from '../billing/plans'

/**
 * An organization's retention rules (retention.read to see, retention.manage
 * to change and run), a dry-run preview, runs on demand, and the daily run
 * as a durable job (one per organization and day). Every run is audited
 * with what each rule removed.
 */
export const retentionJobKind = 'apply-retention'
export const retentionLimits = { minDays: 1, maxDays: 3650, maxRules: 50 }

export type RuleInput = {
  dataKind: RetentionDataKind
  action: RetentionAction
  afterDays: number
  region?: DataRegion | null
  candidateCountry?: string | null
  jobId?: string | null
  candidateStatus: RetentionCandidateStatus
}

export async function listRetention(db: Database, access: Access) {
  const [rules, runs] = await Promise.all([
    db.prisma.retentionRule.findMany({ where: { orgId: access.orgId }, orderBy: { createdAt: 'asc' } }),
    db.prisma.retentionRun.findMany({ where: { orgId: access.orgId }, orderBy: { startedAt: 'desc' }, take: 20 }),
  ])
  const jobs = await db.prisma.job.findMany({ where: { id: { in: rules.flatMap((r) => (r.jobId ? [r.jobId] : [])) }, orgId: access.orgId }, select: { id: true, title: true } })
  return { rules: rules.map((r) => ({ ...r, jobTitle: jobs.find((j) => j.id === r.jobId)?.title ?? null })), runs }
}

export async function createRetentionRule(db: Database, access: Access, audit: AuditContext, input: RuleInput) {
  if ((input.dataKind === 'RECORDINGS' || input.dataKind === 'DRAFT_ATTEMPTS') && input.action === 'ANONYMISE') {
    throw new AppError('UNPROCESSABLE', 'A recording cannot be anonymised: choose Delete.', { action: 'Recordings can only be deleted' })
  }
  if (input.jobId && !(await db.prisma.job.findFirst({ where: { id: input.jobId, orgId: access.orgId }, select: { id: true } }))) {
    throw new AppError('NOT_FOUND', 'Job not found')
  }
  await requirePlanFeature(db.prisma, access.orgId, 'custom_retention')
  if ((await db.prisma.retentionRule.count({ where: { orgId: access.orgId } })) >= retentionLimits.maxRules) {
    throw new AppError('UNPROCESSABLE', `At most ${retentionLimits.maxRules} rules.`)
  }
  return db.prisma.$transaction(async (tx) => {
    const rule = await tx.retentionRule.create({
      data: { ...input, region: input.region ?? null, candidateCountry: input.candidateCountry ?? null, jobId: input.jobId ?? null, orgId: access.orgId, createdById: access.userId },
    })
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'retention.rule_created', targets: [{ type: 'retention_rule', id: rule.id }], metadata: { ...input } })
    return { id: rule.id }
  })
}

export async function setRetentionRuleEnabled(db: Database, access: Access, audit: AuditContext, input: { ruleId: string; enabled: boolean }) {
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.retentionRule.updateMany({ where: { id: input.ruleId, orgId: access.orgId }, data: { enabled: input.enabled } })
    if (count !== 1) throw new AppError('NOT_FOUND', 'Rule not found')
    // Turning a rule off stays possible on any plan; this throws (and rolls back) only when turning one on.
    if (input.enabled) await requirePlanFeature(tx, access.orgId, 'custom_retention')
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'retention.rule_updated',
      targets: [{ type: 'retention_rule', id: input.ruleId }],
      metadata: { enabled: input.enabled },
    })
    return { enabled: input.enabled }
  })
}

export async function deleteRetentionRule(db: Database, access: Access, audit: AuditContext, input: { ruleId: string }) {
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.retentionRule.deleteMany({ where: { id: input.ruleId, orgId: access.orgId } })
    if (count !== 1) throw new AppError('NOT_FOUND', 'Rule not found')
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'retention.rule_deleted', targets: [{ type: 'retention_rule', id: input.ruleId }] })
    return { deleted: true }
  })
}

/** The dry run: what each enabled rule would remove now. Changes nothing. */
export async function previewRetention(db: Database, access: Access) {
  const rules = await db.prisma.retentionRule.findMany({ where: { orgId: access.orgId, enabled: true }, orderBy: { createdAt: 'asc' } })
  return previewRules(db, rules)
}

/** Applies the organization's enabled rules now, records the run and audits it with its counts. */
export async function runRetention(db: Database, blobs: BlobStore, orgId: string, audit: AuditContext, trigger: 'manual' | 'schedule') {
  const rules = await db.prisma.retentionRule.findMany({ where: { orgId, enabled: true }, orderBy: { createdAt: 'asc' } })
  const run = await db.prisma.retentionRun.create({ data: { orgId, trigger } })
  const counts = await applyRules(db, blobs, rules)
  await db.prisma.$transaction(async (tx) => {
    await tx.retentionRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), counts: counts as unknown as Prisma.InputJsonValue } })
    await appendAuditEvent(tx, audit, { orgId, action: 'retention.run_completed', targets: [{ type: 'retention_run', id: run.id }], metadata: { trigger, counts } })
  })
  return { runId: run.id, counts }
}

/** Queues today's run for every organization with an enabled rule (idempotent: one job per organization and day). */
export async function scheduleDailyRetention(db: Database, now = new Date()) {
  const orgs = await db.prisma.retentionRule.findMany({ where: { enabled: true }, distinct: ['orgId'], select: { orgId: true } })
  const day = now.toISOString().slice(0, 10)
  for (const { orgId } of orgs) {
    await enqueueJob(db.prisma, { kind: retentionJobKind, key: `retention:${orgId}:${day}`, orgId, payload: { orgId }, maxAttempts: 5 })
  }
  return orgs.length
}

export function applyRetentionHandler(deps: { blobs: BlobStore }): JobHandler {
  return async ({ job, db }) => {
    const orgId = (job.payload as { orgId?: string }).orgId
    if (!orgId || !(await db.prisma.organization.findUnique({ where: { id: orgId }, select: { id: true } }))) return
    await runRetention(db, deps.blobs, orgId, systemAuditContext(`job:${job.id}`), 'schedule')
  }
}
