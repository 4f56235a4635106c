import type { OrganizationDeletion, Prisma } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import type { BlobStore } from '../../storage'
import type { JobContext, JobHandler } from '../../jobs/worker'
import { JobError, requeueJob } from '../../jobs/queue'
import { recordPlatformEvent } from '../../audit/platform'
import { enqueueEmail } from '../mail/outbox'
import { deletionDeadline, exportTakenSince, reportOf, type DeletionReport } from './schedule'

/**
 * The `delete-organization` job: at the scheduled time (for RETURN_THEN_DELETE,
 * once an export was taken, or at the 30-day deadline regardless) it locks the
 * organization out, deletes its stored files, then every row of every table
 * with an "orgId" column (and the rows hanging off those by foreign key), then
 * the organization, and records the report. Each step is committed with its
 * counts, so an attempt cut off half-way is finished by the next one.
 */

/** The record of the deletion outlives the organization on purpose. */
const keptTables = new Set(['OrganizationDeletion'])
/**
 * Append-only guards (migration 20261123192300_audit_append_only) that refuse
 * DELETE. They are lifted only inside the transaction that deletes the
 * organization's own events, which the platform audit log then records.
 */
const deleteGuards: Record<string, string[]> = { AuditEvent: ['audit_event_no_update_delete'] }
const batchSize = 5_000
const dayMs = 86_400_000
/** Longer than a job's lease (60 s): a job whose claim was taken away has noticed and stopped by then. */
const runningJobsGraceMs = 2 * 60_000
const transaction = { timeout: 120_000, maxWait: 10_000 }

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`

/** One table to empty, with the condition (orgId as $1) that picks the organization's rows. */
export type SweptTable = { name: string; where: string }

type ForeignKey = { child: string; parent: string; childColumns: string[]; parentColumns: string[] }

/**
 * The organization's tables, children before parents: every table with an
 * "orgId" column (from information_schema, so a new table is included without
 * a change here), and tables without one whose rows belong to such a table by
 * foreign key (transcript segments, SCIM group members), so that their rows
 * are counted too. Deleting children first means no cascade removes rows
 * uncounted and no RESTRICT key refuses.
 */
export async function organizationTables(db: DbClient): Promise<SweptTable[]> {
  const withOrgId = await db.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT c.table_name::text AS table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.column_name = 'orgId'`,
  )
  const keys = (
    await db.$queryRawUnsafe<{ child: string; parent: string; child_columns: string; parent_columns: string }[]>(
      `SELECT child.relname::text AS child, parent.relname::text AS parent,
         (SELECT json_agg(a.attname::text ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)::text AS child_columns,
         (SELECT json_agg(a.attname::text ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)
            JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)::text AS parent_columns
       FROM pg_constraint con
       JOIN pg_class child ON child.oid = con.conrelid
       JOIN pg_class parent ON parent.oid = con.confrelid
       WHERE con.contype = 'f' AND child.relnamespace = current_schema()::regnamespace`,
    )
  ).map<ForeignKey>((k) => ({ child: k.child, parent: k.parent, childColumns: JSON.parse(k.child_columns), parentColumns: JSON.parse(k.parent_columns) }))

  const scoped = new Set(withOrgId.map((t) => t.table_name).filter((name) => !keptTables.has(name)))
  const ownRows = (table: string) => (table === 'Organization' ? `"id" = $1` : `"orgId" = $1`)
  const tables = new Map<string, string>()
  for (const name of scoped) tables.set(name, ownRows(name))
  // Tables without orgId whose rows point at the organization's rows.
  const hanging = new Map<string, ForeignKey[]>()
  for (const key of keys) {
    if (scoped.has(key.child) || keptTables.has(key.child) || key.child === 'Organization') continue
    if (!scoped.has(key.parent) && key.parent !== 'Organization') continue
    hanging.set(key.child, [...(hanging.get(key.child) ?? []), key])
  }
  for (const [child, fks] of hanging) {
    const conditions = fks.map(
      (fk) =>
        `(${fk.childColumns.map(quote).join(', ')}) IN (SELECT ${fk.parentColumns.map(quote).join(', ')} FROM ${quote(fk.parent)} WHERE ${ownRows(fk.parent)})`,
    )
    tables.set(child, conditions.join(' OR '))
  }

  // Children first (Kahn's algorithm on "is referenced by"); ties and any cycle in name order.
  const children = new Map<string, Set<string>>([...tables.keys()].map((name) => [name, new Set<string>()]))
  for (const key of keys) {
    if (key.child !== key.parent && tables.has(key.child) && tables.has(key.parent)) children.get(key.parent)!.add(key.child)
  }
  const ordered: string[] = []
  const remaining = new Set([...tables.keys()].sort())
  while (remaining.size) {
    const ready = [...remaining].filter((name) => [...children.get(name)!].every((child) => !remaining.has(child)))
    // A cycle (there is none today) is broken by name; cascades and the final sweep take what it leaves.
    for (const name of ready.length ? ready : [[...remaining][0]!]) {
      ordered.push(name)
      remaining.delete(name)
    }
  }
  return ordered.map((name) => ({ name, where: tables.get(name)! }))
}

/** Deletes up to one batch of the organization's rows from one table, in the caller's transaction. */
async function deleteBatch(tx: Prisma.TransactionClient, table: SweptTable, orgId: string) {
  const name = quote(table.name)
  const guards = deleteGuards[table.name] ?? []
  if (guards.length) {
    // Only lift a guard (an exclusive lock on the table) when there is something to delete.
    const [found] = await tx.$queryRawUnsafe<{ found: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM ${name} WHERE ${table.where}) AS found`, orgId)
    if (!found?.found) return 0
    for (const guard of guards) await tx.$executeRawUnsafe(`ALTER TABLE ${name} DISABLE TRIGGER ${quote(guard)}`)
  }
  const deleted = await tx.$executeRawUnsafe(
    `DELETE FROM ${name} WHERE ctid IN (SELECT ctid FROM ${name} WHERE ${table.where} LIMIT ${batchSize})`,
    orgId,
  )
  for (const guard of guards) await tx.$executeRawUnsafe(`ALTER TABLE ${name} ENABLE TRIGGER ${quote(guard)}`)
  return deleted
}

/** Adds to the report under the row's lock, in the transaction that deleted what it counts: counted exactly once. */
async function addToReport(tx: Prisma.TransactionClient, deletionId: string, add: { rows?: Record<string, number>; files?: number; bytes?: number }) {
  await tx.$queryRaw`SELECT "id" FROM "OrganizationDeletion" WHERE "id" = ${deletionId} FOR UPDATE`
  const row = await tx.organizationDeletion.findUniqueOrThrow({ where: { id: deletionId } })
  const report = reportOf(row)!
  const rows = { ...report.rows }
  for (const [table, n] of Object.entries(add.rows ?? {})) if (n) rows[table] = (rows[table] ?? 0) + n
  const next: DeletionReport = { ...report, rows, files: report.files + (add.files ?? 0), bytes: report.bytes + (add.bytes ?? 0) }
  await tx.organizationDeletion.update({ where: { id: deletionId }, data: { report: next as unknown as Prisma.InputJsonValue } })
  return next
}

/**
 * Keeps everyone out while the data goes (run at every attempt; idempotent):
 * members suspended, sessions leave the organization (and those signed in by
 * its identity provider end), support grants, SCIM tokens, invitations and
 * single sign-on stop, and the organization's other background jobs are
 * cancelled. Returns how many of those jobs were running under a live lease.
 */
async function lockOut(tx: Prisma.TransactionClient, deletionId: string, orgId: string, now: Date) {
  await tx.membership.updateMany({ where: { orgId, status: 'ACTIVE' }, data: { status: 'SUSPENDED' } })
  await tx.session.updateMany({ where: { ssoOrgId: orgId, revokedAt: null }, data: { revokedAt: now } })
  await tx.session.updateMany({ where: { ssoOrgId: orgId }, data: { ssoOrgId: null } })
  await tx.session.updateMany({ where: { activeOrgId: orgId }, data: { activeOrgId: null } })
  await tx.supportGrant.updateMany({ where: { orgId, status: { in: ['active', 'requested'] } }, data: { status: 'revoked', revokedAt: now } })
  await tx.scimToken.updateMany({ where: { orgId, revokedAt: null }, data: { revokedAt: now } })
  await tx.invitation.updateMany({ where: { orgId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } })
  await tx.ssoConnection.updateMany({ where: { orgId }, data: { enabled: false } })
  // A running job loses its claim with its row: its heartbeat aborts it and its result is refused.
  const jobs = await tx.backgroundJob.findMany({ where: { orgId }, select: { status: true, lockedUntil: true } })
  const { count } = await tx.backgroundJob.deleteMany({ where: { orgId } })
  if (count) await addToReport(tx, deletionId, { rows: { BackgroundJob: count } })
  return jobs.filter((j) => j.status === 'RUNNING' && j.lockedUntil && j.lockedUntil > now).length
}

/**
 * Under the schedule's row lock (cancelling takes it too): marks the start
 * unless an earlier attempt did, after which the deletion cannot be
 * cancelled. False when it was cancelled (or finished) meanwhile.
 */
async function markStarted(tx: Prisma.TransactionClient, deletionId: string, now: Date) {
  await tx.$queryRaw`SELECT "id" FROM "OrganizationDeletion" WHERE "id" = ${deletionId} FOR UPDATE`
  const row = await tx.organizationDeletion.findUniqueOrThrow({ where: { id: deletionId } })
  if (row.cancelledAt || row.completedAt) return false
  if (reportOf(row)) return true
  const head = await tx.auditChainHead.findUnique({ where: { orgId: row.orgId } })
  const report: DeletionReport = { startedAt: now.toISOString(), rows: {}, files: 0, bytes: 0, auditLog: { events: head?.seq ?? 0, lastHash: head?.hash ?? null } }
  await tx.organizationDeletion.update({ where: { id: deletionId }, data: { report: report as unknown as Prisma.InputJsonValue } })
  return true
}

function throwIfAborted(signal: AbortSignal) {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new JobError('The job was stopped.', true)
}

/** Deletes every stored file of the organization and counts them into the report. */
async function deleteFiles(db: Database, blobs: BlobStore, deletionId: string, orgId: string) {
  const { files, bytes } = await blobs.deletePrefix(`org/${orgId}/`)
  if (files) await db.prisma.$transaction((tx) => addToReport(tx, deletionId, { files, bytes }), transaction)
}

/** The rows of every table, batch by batch, each batch committed with its count. */
async function deleteRows(context: JobContext, tables: SweptTable[], deletionId: string, orgId: string) {
  const { db, signal } = context
  for (const [i, table] of tables.entries()) {
    await context.progress(10 + Math.round((80 * i) / tables.length), `Deleting ${table.name}`)
    while (true) {
      throwIfAborted(signal)
      const deleted = await db.prisma.$transaction(async (tx) => {
        const n = await deleteBatch(tx, table, orgId)
        if (n) await addToReport(tx, deletionId, { rows: { [table.name]: n } })
        return n
      }, transaction)
      if (deleted < batchSize) break
    }
  }
}

/**
 * The last step, in one transaction with the organization row locked (so no
 * row referring to it can be inserted meanwhile): whatever was written since
 * the sweep, the organization itself, the completion, the platform audit
 * event and the final report email.
 */
async function finish(db: Database, tables: SweptTable[], row: OrganizationDeletion, jobId: string) {
  return db.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" = ${row.orgId} FOR UPDATE`
    const late: Record<string, number> = {}
    for (const table of tables) {
      let n: number
      do {
        n = await deleteBatch(tx, table, row.orgId)
        late[table.name] = (late[table.name] ?? 0) + n
      } while (n === batchSize)
    }
    await tx.session.updateMany({ where: { activeOrgId: row.orgId }, data: { activeOrgId: null } })
    await tx.session.updateMany({ where: { ssoOrgId: row.orgId }, data: { ssoOrgId: null, revokedAt: new Date() } })
    late.Organization = await tx.$executeRaw`DELETE FROM "Organization" WHERE "id" = ${row.orgId}`
    const counted = await addToReport(tx, row.id, { rows: late })
    const finishedAt = new Date()
    const report: DeletionReport = { ...counted, finishedAt: finishedAt.toISOString() }
    await tx.organizationDeletion.update({
      where: { id: row.id },
      data: { completedAt: finishedAt, report: report as unknown as Prisma.InputJsonValue },
    })
    await recordPlatformEvent(
      tx,
      { id: 'system', email: '', ip: '', userAgent: '', requestId: `job:${jobId}` },
      {
        action: 'organization.deleted',
        target: { type: 'organization', id: row.orgId },
        data: { orgName: row.orgName, mode: row.mode, requestedById: row.requestedById, requestedAt: row.requestedAt.toISOString(), report },
      },
    )
    await enqueueEmail(tx, {
      to: row.reportEmail,
      // Not the organization's: it is gone, and this email is the customer's proof.
      orgId: null,
      template: 'orgDeletionReport',
      data: {
        orgName: row.orgName,
        requestedAt: row.requestedAt,
        startedAt: new Date(report.startedAt),
        finishedAt,
        rows: report.rows,
        files: report.files,
        bytes: report.bytes,
      },
    })
    return report
  }, transaction)
}

/** Puts the job back for `runAt`; `reschedule` also moves the date members see. */
async function postpone(context: JobContext, row: OrganizationDeletion, runAt: Date, note: string, reschedule: boolean) {
  await context.commit(async (tx) => {
    await requeueJob(tx, context.job, runAt, note)
    if (reschedule) await tx.organizationDeletion.updateMany({ where: { id: row.id, cancelledAt: null, completedAt: null }, data: { scheduledFor: runAt } })
  })
}

export function deleteOrganizationHandler(deps: { blobs: BlobStore }): JobHandler {
  return async (context) => {
    const { job, db } = context
    const orgId = (job.payload as { orgId?: unknown }).orgId
    if (typeof orgId !== 'string') throw new JobError('The job names no organization.', false)
    const row = await db.prisma.organizationDeletion.findUnique({ where: { orgId } })
    // Cancelled (its job is deleted then) or never scheduled: nothing to do.
    if (!row || row.cancelledAt) return
    // Done by an earlier attempt that stopped just after: only this job's row is left.
    if (row.completedAt) {
      await context.commit((tx) => tx.backgroundJob.deleteMany({ where: { id: job.id } }))
      return
    }
    const now = new Date()
    if (!reportOf(row)) {
      if (row.scheduledFor > now) return postpone(context, row, row.scheduledFor, 'Scheduled', false)
      // Return first: wait for an export a day at a time, but never past the deadline promised to the customer.
      const deadline = deletionDeadline(row.requestedAt)
      if (row.mode === 'RETURN_THEN_DELETE' && now < deadline && !(await exportTakenSince(db.prisma, orgId, row.requestedAt))) {
        const next = new Date(Math.min(now.getTime() + dayMs, deadline.getTime()))
        return postpone(context, row, next, 'Waiting for the organization’s export', true)
      }
    }
    const running = await db.prisma.$transaction(
      async (tx) => ((await markStarted(tx, row.id, now)) ? lockOut(tx, row.id, orgId, now) : null),
      transaction,
    )
    if (running === null) return
    if (running > 0) return postpone(context, row, new Date(now.getTime() + runningJobsGraceMs), 'Waiting for running jobs to stop', false)

    const tables = await organizationTables(db.prisma)
    await context.progress(5, 'Deleting stored files')
    await deleteFiles(db, deps.blobs, row.id, orgId)
    await deleteRows(context, tables, row.id, orgId)
    // Files written while the rows went (an upload that was under way).
    await deleteFiles(db, deps.blobs, row.id, orgId)
    throwIfAborted(context.signal)
    await finish(db, tables, row, job.id)
    await context.commit((tx) => tx.backgroundJob.deleteMany({ where: { id: job.id } }))
  }
}
