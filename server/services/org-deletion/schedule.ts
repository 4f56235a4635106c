import { Prisma, type OrganizationDeletion, type OrganizationDeletionMode } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import type { Access } from '../../authz/access'
import { AppError } from '../../errors'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { enqueueJob, retryFailedJob } from '../../jobs/queue'
import { enqueueEmail } from '../mail/outbox'

/**
 * Deleting an organization at the end of its contract (see README.md): a
 * member with `org.delete` schedules it 1–30 days ahead, returning the data
 * first (RETURN_THEN_DELETE) or not (DELETE), and may cancel it until it
 * starts. The `delete-organization` job (purge.ts) does the deletion.
 */
export const orgDeletionJobKind = 'delete-organization'
export const orgDeletionJobKey = (orgId: string) => `org-deletion:${orgId}`
export const orgDeletionLimits = { minDays: 1, maxDays: 30, defaultDays: 30 }

const dayMs = 86_400_000

/** The promise to the customer: their data is gone at most 30 days after they asked, export or not. */
export const deletionDeadline = (requestedAt: Date) => new Date(requestedAt.getTime() + orgDeletionLimits.maxDays * dayMs)

/** What the job records in `report` as it goes; `startedAt` set means the deletion is under way and cannot be cancelled. */
export type DeletionReport = {
  startedAt: string
  finishedAt?: string
  rows: Record<string, number>
  files: number
  bytes: number
  /** The head of the organization's audit chain when the deletion started: what the deleted log ended with. */
  auditLog: { events: number; lastHash: string | null }
}

export const reportOf = (row: Pick<OrganizationDeletion, 'report'>) => (row.report ?? null) as DeletionReport | null

/** A live schedule: requested, neither cancelled nor completed. */
const isLive = (row: OrganizationDeletion | null): row is OrganizationDeletion => !!row && !row.cancelledAt && !row.completedAt

/** When the organization's latest export was taken since `since` (the `org.exported` audit event), or null. */
export async function exportTakenSince(db: DbClient, orgId: string, since: Date) {
  const event = await db.auditEvent.findFirst({
    where: { orgId, action: 'org.exported', occurredAt: { gte: since } },
    orderBy: { seq: 'desc' },
    select: { occurredAt: true },
  })
  return event?.occurredAt ?? null
}

/** For the banner every member sees: when the active organization is to be deleted, or null. */
export async function scheduledDeletionOf(db: Database, orgId: string) {
  const row = await db.prisma.organizationDeletion.findUnique({ where: { orgId } })
  if (!isLive(row)) return null
  return { scheduledFor: row.scheduledFor, deadline: deletionDeadline(row.requestedAt), mode: row.mode, started: !!reportOf(row) }
}

/** The schedule as the organization page shows it (org.read): null when none. */
export async function getOrganizationDeletion(db: Database, access: Access) {
  const row = await db.prisma.organizationDeletion.findUnique({ where: { orgId: access.orgId } })
  if (!isLive(row)) return { scheduled: null, limits: orgDeletionLimits }
  const requester = await db.prisma.user.findUnique({ where: { id: row.requestedById }, select: { name: true, email: true } })
  return {
    scheduled: {
      mode: row.mode,
      requestedAt: row.requestedAt,
      requestedBy: requester ? `${requester.name} <${requester.email}>` : 'a former member',
      reportEmail: row.reportEmail,
      scheduledFor: row.scheduledFor,
      deadline: deletionDeadline(row.requestedAt),
      exportTakenAt: await exportTakenSince(db.prisma, access.orgId, row.requestedAt),
      started: !!reportOf(row),
    },
    limits: orgDeletionLimits,
  }
}

/** Serialises schedule, cancel and the job's start for one organization (and finds it gone). */
async function lockOrganization(tx: Prisma.TransactionClient, orgId: string) {
  const rows = await tx.$queryRaw<{ name: string }[]>`SELECT "name" FROM "Organization" WHERE "id" = ${orgId} FOR NO KEY UPDATE`
  if (!rows[0]) throw new AppError('NOT_FOUND', 'Organization not found')
  return rows[0]
}

export type ScheduleInput = { mode: OrganizationDeletionMode; days: number; confirmName: string }

/**
 * Schedules the deletion `days` days from now (1–30), after the member typed
 * the organization's exact name. Refused while one is already scheduled, and
 * for support staff (ending the contract is the customer's decision). The
 * final report goes to the member's own address. Audited, with a
 * confirmation email, in one transaction with the job that will run it.
 */
export async function scheduleOrganizationDeletion(db: Database, access: Access, audit: AuditContext, input: ScheduleInput, appUrl: string) {
  if (audit.actor.type !== 'USER' || audit.supportGrantId) {
    throw new AppError('FORBIDDEN', 'Only a member of the organization can schedule its deletion.')
  }
  const { minDays, maxDays } = orgDeletionLimits
  if (!Number.isInteger(input.days) || input.days < minDays || input.days > maxDays) {
    throw new AppError('BAD_REQUEST', `Choose between ${minDays} and ${maxDays} days.`, { days: `Between ${minDays} and ${maxDays} days` })
  }
  const user = await db.prisma.user.findUniqueOrThrow({ where: { id: access.userId }, select: { email: true } })
  const now = new Date()
  const scheduledFor = new Date(now.getTime() + input.days * dayMs)
  const deadline = deletionDeadline(now)
  return db.prisma.$transaction(async (tx) => {
    const org = await lockOrganization(tx, access.orgId)
    if (input.confirmName.trim() !== org.name.trim()) {
      throw new AppError('UNPROCESSABLE', 'The name you typed is not the organization’s name.', {
        confirmName: `Type the organization’s name exactly: ${org.name}`,
      })
    }
    const existing = await tx.organizationDeletion.findUnique({ where: { orgId: access.orgId } })
    if (isLive(existing)) {
      throw new AppError('CONFLICT', `The organization is already scheduled for deletion on ${existing.scheduledFor.toISOString().slice(0, 10)}. Cancel that first to change it.`)
    }
    const key = orgDeletionJobKey(access.orgId)
    const job = await tx.backgroundJob.findUnique({ where: { key }, select: { id: true, status: true } })
    // The job of a cancelled schedule that is still finishing its run: it must end before a new one starts.
    if (job?.status === 'RUNNING') throw new AppError('CONFLICT', 'The previous schedule is still being closed. Try again in a minute.')
    if (job) await tx.backgroundJob.delete({ where: { id: job.id } })
    // One row per organization (orgId is unique): scheduling again after a cancel reuses it.
    const fields = {
      orgName: org.name,
      mode: input.mode,
      requestedById: access.userId,
      reportEmail: user.email,
      requestedAt: now,
      scheduledFor,
      cancelledAt: null,
      completedAt: null,
      report: Prisma.DbNull,
    }
    await tx.organizationDeletion.upsert({ where: { orgId: access.orgId }, create: { orgId: access.orgId, ...fields }, update: fields })
    // No orgId on the job: it is not one of the organization's jobs that it cancels, and it outlives the organization.
    await enqueueJob(tx, { kind: orgDeletionJobKind, key, orgId: null, payload: { orgId: access.orgId }, runAt: scheduledFor, maxAttempts: 10 })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'org.deletion_scheduled',
      targets: [{ type: 'organization', id: access.orgId, label: org.name }],
      metadata: { mode: input.mode, days: input.days, scheduledFor: scheduledFor.toISOString(), deadline: deadline.toISOString() },
    })
    await enqueueEmail(tx, {
      to: user.email,
      orgId: access.orgId,
      template: 'orgDeletionScheduled',
      data: {
        orgName: org.name,
        mode: input.mode,
        scheduledFor,
        deadline,
        pageUrl: new URL('/app/organization', appUrl).toString(),
        csvUrl: new URL('/app/org-export.csv', appUrl).toString(),
        jsonUrl: new URL('/api/org-export.json', appUrl).toString(),
      },
    })
    return { mode: input.mode, scheduledFor, deadline }
  })
}

/** Cancels the scheduled deletion, unless it has started (then it cannot be stopped half-way). Audited. */
export async function cancelOrganizationDeletion(db: Database, access: Access, audit: AuditContext) {
  return db.prisma.$transaction(async (tx) => {
    await lockOrganization(tx, access.orgId)
    const row = await tx.organizationDeletion.findUnique({ where: { orgId: access.orgId } })
    if (!isLive(row)) throw new AppError('CONFLICT', 'The organization is not scheduled for deletion.')
    // Conditional on "not started": the job marks the start under the same row lock.
    const { count } = await tx.organizationDeletion.updateMany({
      where: { id: row.id, cancelledAt: null, completedAt: null, report: { equals: Prisma.DbNull } },
      data: { cancelledAt: new Date() },
    })
    if (count !== 1) throw new AppError('CONFLICT', 'The deletion has already started and cannot be stopped; the final report will follow.')
    // A running attempt (waiting for an export) loses its claim and writes nothing.
    await tx.backgroundJob.deleteMany({ where: { key: orgDeletionJobKey(access.orgId) } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'org.deletion_cancelled',
      targets: [{ type: 'organization', id: access.orgId, label: row.orgName }],
      metadata: { mode: row.mode, scheduledFor: row.scheduledFor.toISOString() },
    })
    return { cancelled: true }
  })
}

/**
 * The safety net behind the 30-day promise, run hourly by every server: each
 * live schedule has its job, and a job that gave up (attempts used up) is
 * queued again. Returns how many schedules it looked at.
 */
export async function resumeOrganizationDeletions(db: Database) {
  const live = await db.prisma.organizationDeletion.findMany({ where: { cancelledAt: null, completedAt: null }, select: { orgId: true, scheduledFor: true } })
  for (const { orgId, scheduledFor } of live) {
    const key = orgDeletionJobKey(orgId)
    await enqueueJob(db.prisma, { kind: orgDeletionJobKind, key, orgId: null, payload: { orgId }, runAt: scheduledFor, maxAttempts: 10 })
    await retryFailedJob(db.prisma, key)
  }
  return live.length
}
