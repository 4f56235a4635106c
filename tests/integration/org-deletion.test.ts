import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { databaseFingerprint } from '../setup/snapshot'
import { callerAs, createMember, runQueuedJobs, testEnv, testMeta, unique } from '../factories'
import { buildTenant } from '../factories/tenant'
import { candidateWithHistory } from '../factories/recruiting'
import { expectTRPCError } from './expect-error'
import { expectAppError } from './expect-app-error'
import { getBlobStore } from '../../server/storage'
import { enqueueJob } from '../../server/jobs/queue'
import { createSession } from '../../server/auth/session'
import { resolveAccess } from '../../server/authz/access'
import { systemAuditContext } from '../../server/audit/append'
import { cancelOrganizationDeletion, orgDeletionJobKey, type DeletionReport } from '../../server/services/org-deletion/schedule'
import { everyRow } from '../support/every-row'

/**
 * Deleting an organization at the end of its contract, through the
 * procedures and the real job on the real database and blob store: nothing
 * of the organization is left in any table or in storage, another
 * organization is untouched, the report's counts are right (also when an
 * attempt is cut off half-way), cancelling works, RETURN_THEN_DELETE waits for
 * an export but not past 30 days, and refused calls change nothing.
 */
const db = await useTestDatabase()
const dayMs = 86_400_000
afterEach(() => vi.useRealTimers())
// Each test runs only its own jobs (runQueuedJobs takes every due job).
beforeEach(() => db.prisma.backgroundJob.deleteMany({}))

/** Runs `fn` with the clock at `time` (only Date: timers stay real). */
async function at<T>(time: number, fn: () => Promise<T>) {
  vi.useFakeTimers({ toFake: ['Date'], now: time })
  try {
    return await fn()
  } finally {
    vi.useRealTimers()
  }
}

/** Every row of every table whose JSON text contains `text`, as "table: row". */
async function rowsMentioning(text: string) {
  return (await everyRow(db)).filter((r) => r.text.includes(text)).map((r) => `${r.table}: ${r.text}`).sort()
}

/** The organization's stored files (path and size), straight from the storage folder. */
function filesOf(orgId: string) {
  const folder = path.resolve(testEnv.STORAGE_DIR, 'org', orgId)
  if (!fs.existsSync(folder)) return []
  return (fs.readdirSync(folder, { recursive: true }) as string[])
    .map((f) => path.join(folder, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => ({ file: f, size: fs.statSync(f).size }))
    .sort((a, b) => a.file.localeCompare(b.file))
}

/**
 * What the report should say, counted independently of the service: rows per
 * table with an "orgId" column, plus the rows that hang off them without one.
 */
async function expectedRows(orgId: string) {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name::text AS table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'orgId'`,
  )
  const rows: Record<string, number> = { Organization: 1 }
  for (const { table_name } of tables) {
    if (table_name === 'OrganizationDeletion') continue
    const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "orgId" = $1`, [orgId])
    if (r!.n) rows[table_name] = r!.n
  }
  const [segments] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "TranscriptSegment" s JOIN "Transcript" t ON t."id" = s."transcriptId" WHERE t."orgId" = $1`,
    [orgId],
  )
  const [groupMembers] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "ScimGroupMember" m JOIN "ScimGroup" g ON g."id" = m."groupId" WHERE g."orgId" = $1`,
    [orgId],
  )
  if (segments!.n) rows.TranscriptSegment = segments!.n
  if (groupMembers!.n) rows.ScimGroupMember = groupMembers!.n
  return rows
}

/** An organization with a record of every kind, files (CV, recording, and one no row points at) and sessions in it. */
async function populatedOrg() {
  const tenant = await buildTenant(db, unique('org'))
  await candidateWithHistory(db, tenant)
  await getBlobStore(testEnv).write(`org/${tenant.org.id}/stray/notes.txt`, Readable.from([Buffer.from('a file no row points at')]))
  await runQueuedJobs(db)
  const owner = await callerAs(db, tenant.owner.id, tenant.org.id)
  return { ...tenant, caller: owner.caller }
}

async function reportOf(orgId: string) {
  const row = await db.prisma.organizationDeletion.findUniqueOrThrow({ where: { orgId } })
  return { row, report: row.report as unknown as DeletionReport }
}

describe('organization deletion', () => {
  it('deletes every row and file of the organization at the scheduled time, touches no other, and reports what it removed', async () => {
    const gone = await populatedOrg()
    const kept = await populatedOrg()
    const colleague = await callerAs(db, gone.ids.userId!, gone.org.id)
    // A session signed in through the organization's identity provider.
    const ssoSession = await createSession(db.prisma, { userId: gone.ids.userId!, activeOrgId: gone.org.id, meta: testMeta() })
    await db.prisma.session.update({ where: { id: ssoSession.session.id }, data: { authMethod: 'saml', ssoOrgId: gone.org.id } })
    const keptRows = await rowsMentioning(kept.org.id)
    const keptFiles = filesOf(kept.org.id)
    expect(filesOf(gone.org.id).length).toBeGreaterThanOrEqual(3)

    const scheduled = await gone.caller.org.scheduleDeletion({ mode: 'DELETE', days: 1, confirmName: gone.org.name })
    expect(scheduled.scheduledFor.getTime() - Date.now()).toBeGreaterThan(dayMs - 60_000)
    const status = await gone.caller.org.deletion()
    expect(status.scheduled).toMatchObject({ mode: 'DELETE', started: false, exportTakenAt: null })
    // Every member sees the banner, whatever their permissions.
    expect((await colleague.caller.me.get()).orgDeletion).toMatchObject({ mode: 'DELETE', scheduledFor: scheduled.scheduledFor })
    expect(await db.prisma.outboxEmail.findFirst({ where: { to: gone.owner.email, template: 'orgDeletionScheduled' } })).toMatchObject({
      subject: expect.stringContaining(gone.org.name) as string,
    })
    expect(await db.prisma.auditEvent.findFirst({ where: { orgId: gone.org.id, action: 'org.deletion_scheduled' } })).toMatchObject({
      actorId: gone.owner.id,
      metadata: { mode: 'DELETE', days: 1 },
    })
    // Work of the organization queued for after the deletion: cancelled, never run.
    await enqueueJob(db.prisma, {
      kind: 'apply-retention',
      key: `retention:${gone.org.id}:later`,
      orgId: gone.org.id,
      payload: { orgId: gone.org.id },
      runAt: new Date(scheduled.scheduledFor.getTime() + 60_000),
    })

    const expected = await expectedRows(gone.org.id)
    const files = filesOf(gone.org.id)
    const outcomes = await at(scheduled.scheduledFor.getTime() + 120_000, () => runQueuedJobs(db))
    expect(outcomes).toEqual([{ kind: 'delete-organization', outcome: 'succeeded' }])

    // Nothing of the organization is left but the record of its deletion and the operator's audit event.
    const left = await rowsMentioning(gone.org.id)
    expect(left.map((r) => r.split(':')[0])).toEqual(['OrganizationDeletion', 'PlatformAuditEvent'])
    expect(filesOf(gone.org.id)).toEqual([])
    expect(fs.existsSync(path.resolve(testEnv.STORAGE_DIR, 'org', gone.org.id))).toBe(false)
    expect(await db.prisma.backgroundJob.findUnique({ where: { key: orgDeletionJobKey(gone.org.id) } })).toBeNull()
    // The other organization is as it was.
    expect(await rowsMentioning(kept.org.id)).toEqual(keptRows)
    expect(filesOf(kept.org.id)).toEqual(keptFiles)
    // The audit log's append-only guard was lifted only inside the deleting transactions.
    await expect(db.execScript(`DELETE FROM "AuditEvent" WHERE "orgId" = '${kept.org.id}'`)).rejects.toThrow(/append-only/)

    const { row, report } = await reportOf(gone.org.id)
    expect(row.completedAt).toBeInstanceOf(Date)
    expect(report.rows).toEqual(expected)
    expect(report.rows.BackgroundJob).toBeGreaterThanOrEqual(1)
    expect(report.files).toBe(files.length)
    expect(report.bytes).toBe(files.reduce((sum, f) => sum + f.size, 0))
    expect(report.auditLog.events).toBe(expected.AuditEvent)
    expect(Date.parse(report.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(report.startedAt))

    const email = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: gone.owner.email, template: 'orgDeletionReport' } })
    expect(email.orgId).toBeNull()
    expect(email.subject).toBe(`${gone.org.name} has been deleted: final report`)
    expect(email.text).toContain(`${files.length} stored files`)
    expect(email.text).toContain(`Candidate: ${expected.Candidate}`)
    expect(email.html).toContain('<table')
    const event = await db.prisma.platformAuditEvent.findFirstOrThrow({ where: { action: 'organization.deleted', targetId: gone.org.id } })
    expect((event.data as { report: DeletionReport }).report.rows).toEqual(expected)

    // People keep their accounts, out of the organization; the identity provider's session is ended.
    const me = await gone.caller.me.get()
    expect(me.activeOrg).toBeNull()
    expect(me.organizations).toEqual([])
    expect(await db.prisma.user.count({ where: { id: { in: [gone.owner.id, gone.ids.userId!] } } })).toBe(2)
    expect((await db.prisma.session.findUniqueOrThrow({ where: { id: ssoSession.session.id } })).revokedAt).toBeInstanceOf(Date)
    await gone.caller.org.create({ name: 'Next chapter' })
    // A second run finds nothing to do.
    expect(await at(scheduled.scheduledFor.getTime() + 3 * dayMs, () => runQueuedJobs(db))).toEqual([])
  })

  it('finishes, with exact counts, a deletion whose first attempt was cut off half-way; it cannot be cancelled once started', async () => {
    const gone = await populatedOrg()
    const scheduled = await gone.caller.org.scheduleDeletion({ mode: 'DELETE', days: 3, confirmName: gone.org.name })
    const expected = await expectedRows(gone.org.id)
    const files = filesOf(gone.org.id)
    // The database refuses to delete candidates: the attempt stops after files and several tables are gone.
    await db.execScript(`
      CREATE FUNCTION test_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$;
      CREATE TRIGGER test_refuse_candidate_delete BEFORE DELETE ON "Candidate" FOR EACH ROW EXECUTE FUNCTION test_refuse_delete();`)
    try {
      const first = await at(scheduled.scheduledFor.getTime() + 60_000, () => runQueuedJobs(db, testEnv, 1))
      expect(first).toEqual([{ kind: 'delete-organization', outcome: 'retry' }])
    } finally {
      await db.execScript(`DROP TRIGGER test_refuse_candidate_delete ON "Candidate"; DROP FUNCTION test_refuse_delete();`)
    }
    const partial = await reportOf(gone.org.id)
    expect(partial.row.completedAt).toBeNull()
    expect(partial.report.files).toBe(files.length)
    expect(partial.report.rows.Application).toBe(expected.Application)
    expect(partial.report.rows.Candidate).toBeUndefined()
    expect(await db.prisma.organization.count({ where: { id: gone.org.id } })).toBe(1)
    expect(await db.prisma.membership.count({ where: { orgId: gone.org.id, status: 'ACTIVE' } })).toBe(0)
    // Started: members are locked out, and the service refuses to cancel.
    await expectTRPCError(gone.caller.org.cancelDeletion(), 'FORBIDDEN')
    // (The roles are already gone: the owner's access as it was.)
    const ownerAccess = resolveAccess({
      orgId: gone.org.id,
      userId: gone.owner.id,
      role: { permissions: ['org.read', 'org.delete'], jobVisibility: 'ALL', seeCandidateContact: true, seeCompensation: true, seeAiScores: true, seeRecordings: true },
      overrides: [],
    })
    const audit = { ...systemAuditContext(), actor: { type: 'USER' as const, id: gone.owner.id, email: gone.owner.email } }
    await expectAppError(cancelOrganizationDeletion(db, ownerAccess, audit), 'CONFLICT')

    const second = await at(scheduled.scheduledFor.getTime() + 3600_000, () => runQueuedJobs(db))
    expect(second).toEqual([{ kind: 'delete-organization', outcome: 'succeeded' }])
    expect((await rowsMentioning(gone.org.id)).map((r) => r.split(':')[0])).toEqual(['OrganizationDeletion', 'PlatformAuditEvent'])
    expect(filesOf(gone.org.id)).toEqual([])
    const { report } = await reportOf(gone.org.id)
    expect(report.rows).toEqual(expected)
    expect(report.files).toBe(files.length)
  })

  it('RETURN_THEN_DELETE waits a day at a time while no export was taken, and deletes anyway at the 30-day deadline', async () => {
    const t = await buildTenant(db, unique('ret'))
    const { caller } = await callerAs(db, t.owner.id, t.org.id)
    const requestedAt = Date.now()
    const scheduled = await caller.org.scheduleDeletion({ mode: 'RETURN_THEN_DELETE', days: 2, confirmName: t.org.name })
    const firstRun = scheduled.scheduledFor.getTime() + 60_000
    expect(await at(firstRun, () => runQueuedJobs(db))).toEqual([{ kind: 'delete-organization', outcome: 'succeeded' }])
    expect(await db.prisma.organization.count({ where: { id: t.org.id } })).toBe(1)
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: orgDeletionJobKey(t.org.id) } })
    expect(job).toMatchObject({ status: 'QUEUED', attempts: 0, progressNote: 'Waiting for the organization’s export' })
    expect(job.runAt.getTime()).toBe(firstRun + dayMs)
    const status = (await caller.org.deletion()).scheduled!
    expect(status.scheduledFor.getTime()).toBe(firstRun + dayMs)
    expect(status.deadline.getTime() - requestedAt).toBeGreaterThanOrEqual(30 * dayMs)
    expect(status.deadline.getTime() - requestedAt).toBeLessThan(30 * dayMs + 60_000)
    expect(status.started).toBe(false)
    // Still no export on the next day: waits again.
    expect(await at(firstRun + dayMs + 1, () => runQueuedJobs(db))).toEqual([{ kind: 'delete-organization', outcome: 'succeeded' }])
    expect(await db.prisma.organization.count({ where: { id: t.org.id } })).toBe(1)
    // The deadline: the promise to the customer wins over the missing export.
    expect(await at(status.deadline.getTime() + 1, () => runQueuedJobs(db))).toEqual([{ kind: 'delete-organization', outcome: 'succeeded' }])
    expect(await db.prisma.organization.count({ where: { id: t.org.id } })).toBe(0)
    expect((await rowsMentioning(t.org.id)).map((r) => r.split(':')[0])).toEqual(['OrganizationDeletion', 'PlatformAuditEvent'])
  })

  it('RETURN_THEN_DELETE deletes at the scheduled time once an export was taken after the request', async () => {
    const t = await buildTenant(db, unique('exp'))
    const { caller } = await callerAs(db, t.owner.id, t.org.id)
    await caller.privacy.beginOrgExport({ format: 'csv' }) // before the request: does not count
    const scheduled = await caller.org.scheduleDeletion({ mode: 'RETURN_THEN_DELETE', days: 1, confirmName: t.org.name })
    expect((await caller.org.deletion()).scheduled?.exportTakenAt).toBeNull()
    await caller.privacy.beginOrgExport({ format: 'json' })
    expect((await caller.org.deletion()).scheduled?.exportTakenAt).toBeInstanceOf(Date)
    expect(await at(scheduled.scheduledFor.getTime() + 60_000, () => runQueuedJobs(db))).toEqual([{ kind: 'delete-organization', outcome: 'succeeded' }])
    expect(await db.prisma.organization.count({ where: { id: t.org.id } })).toBe(0)
  })

  it('cancelling removes the job, is audited, and the organization stays; it can be scheduled again afterwards', async () => {
    const t = await buildTenant(db, unique('cxl'))
    const { caller } = await callerAs(db, t.owner.id, t.org.id)
    await caller.org.scheduleDeletion({ mode: 'DELETE', days: 5, confirmName: t.org.name })
    const first = await db.prisma.organizationDeletion.findUniqueOrThrow({ where: { orgId: t.org.id } })
    expect(await caller.org.cancelDeletion()).toEqual({ cancelled: true })
    expect((await caller.org.deletion()).scheduled).toBeNull()
    expect((await caller.me.get()).orgDeletion).toBeNull()
    expect(await db.prisma.backgroundJob.findUnique({ where: { key: orgDeletionJobKey(t.org.id) } })).toBeNull()
    expect(await db.prisma.auditEvent.findFirst({ where: { orgId: t.org.id, action: 'org.deletion_cancelled' } })).toMatchObject({ actorId: t.owner.id })
    expect(await at(Date.now() + 40 * dayMs, () => runQueuedJobs(db))).toEqual([])
    expect(await db.prisma.organization.count({ where: { id: t.org.id } })).toBe(1)
    await expectTRPCError(caller.org.cancelDeletion(), 'CONFLICT')

    const again = await caller.org.scheduleDeletion({ mode: 'RETURN_THEN_DELETE', days: 30, confirmName: t.org.name })
    const second = await db.prisma.organizationDeletion.findUniqueOrThrow({ where: { orgId: t.org.id } })
    expect(second).toMatchObject({ id: first.id, mode: 'RETURN_THEN_DELETE', cancelledAt: null, scheduledFor: again.scheduledFor })
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: orgDeletionJobKey(t.org.id) } })).toMatchObject({ status: 'QUEUED', runAt: again.scheduledFor })
  })

  it('refuses bad input with a clear error and changes nothing', async () => {
    const t = await buildTenant(db, unique('bad'))
    const { caller } = await callerAs(db, t.owner.id, t.org.id)
    const refused = async (call: () => Promise<unknown>, code: 'BAD_REQUEST' | 'UNPROCESSABLE_CONTENT' | 'CONFLICT') => {
      const before = await databaseFingerprint(db)
      const error = await expectTRPCError(call(), code)
      expect(await databaseFingerprint(db)).toEqual(before)
      return error
    }
    for (const days of [0, 31, 1.5]) {
      await refused(() => caller.org.scheduleDeletion({ mode: 'DELETE', days, confirmName: t.org.name }), 'BAD_REQUEST')
    }
    await refused(() => caller.org.scheduleDeletion({ mode: 'NOW' as 'DELETE', days: 3, confirmName: t.org.name }), 'BAD_REQUEST')
    const wrongName = await refused(() => caller.org.scheduleDeletion({ mode: 'DELETE', days: 3, confirmName: t.org.name.toUpperCase() }), 'UNPROCESSABLE_CONTENT')
    expect(wrongName.message).toBe('The name you typed is not the organization’s name.')
    await refused(() => caller.org.cancelDeletion(), 'CONFLICT')
    await caller.org.scheduleDeletion({ mode: 'DELETE', confirmName: ` ${t.org.name} ` } as { mode: 'DELETE'; days: number; confirmName: string })
    expect((await caller.org.deletion()).scheduled!.scheduledFor.getTime() - Date.now()).toBeGreaterThan(30 * dayMs - 60_000)
    const twice = await refused(() => caller.org.scheduleDeletion({ mode: 'DELETE', days: 2, confirmName: t.org.name }), 'CONFLICT')
    expect(twice.message).toContain('already scheduled for deletion')
  })

  it('refuses members without org.delete (admins included) and support staff, changing nothing; org.read may see the schedule', async () => {
    const t = await buildTenant(db, unique('perm'))
    const admin = await callerAs(db, (await createMember(db, t.org.id, 'admin')).id, t.org.id)
    const before = await databaseFingerprint(db)
    const denied = await expectTRPCError(admin.caller.org.scheduleDeletion({ mode: 'DELETE', days: 3, confirmName: t.org.name }), 'FORBIDDEN')
    expect(denied.message).toContain('org.delete')
    await expectTRPCError(admin.caller.org.cancelDeletion(), 'FORBIDDEN')
    expect(await databaseFingerprint(db)).toEqual(before)
    expect((await admin.caller.org.deletion()).scheduled).toBeNull()

    // Staff acting under a grant with the owner's role: ending the contract is the customer's decision.
    const ownerRole = await db.prisma.role.findFirstOrThrow({ where: { orgId: t.org.id, key: 'owner' } })
    await db.prisma.supportGrant.update({
      where: { id: t.ids.grantId! },
      data: { status: 'active', scope: 'role', roleId: ownerRole.id, startsAt: new Date(Date.now() - 60_000), expiresAt: new Date(Date.now() + 3600_000) },
    })
    const staff = await callerAs(db, t.staff.id, t.org.id)
    const beforeStaff = await databaseFingerprint(db)
    await expectTRPCError(staff.caller.org.scheduleDeletion({ mode: 'DELETE', days: 3, confirmName: t.org.name }), 'FORBIDDEN')
    expect(await databaseFingerprint(db)).toEqual(beforeStaff)
  })
})
