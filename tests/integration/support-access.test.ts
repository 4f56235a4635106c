import { afterEach, describe, expect, it, vi } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { browserCaller, callerAs, createUser, testMeta, unique } from '../factories'
import { createSession } from '../../server/auth/session'
import { buildTenant } from '../factories/tenant'
import { databaseFingerprint } from '../setup/snapshot'
import { expectTRPCError } from './expect-error'

/**
 * Just-in-time support access through the API, with the real session and
 * grant checks: staff reach an organization only under a live grant, expiry
 * and revocation apply to the next request, and everything is audited.
 */
const db = await useTestDatabase()

afterEach(() => {
  vi.useRealTimers()
})

// Just-in-time support access is an Enterprise feature (tests/integration/billing.test.ts covers the Standard refusal).
async function setup() {
  const tenant = await buildTenant(db, unique('jit'), { plan: 'ENTERPRISE' })
  const admin = (await callerAs(db, tenant.owner.id, tenant.org.id)).caller
  const staff = await createUser(db, { isStaff: true, email: `${unique('support')}@hireproof.test`, name: 'Sam Support' })
  // Staff sign in with no organization, then enter one under a grant.
  const { token } = await createSession(db.prisma, { userId: staff.id, activeOrgId: null, meta: testMeta() })
  const staffBrowser = browserCaller(db, token)
  return { tenant, admin, staff, staffCaller: staffBrowser.caller }
}

const grantTerms = { reason: 'Ticket 4711: interview analysis shows no scores', scope: 'read_only' as const }

describe('support access', () => {
  it('staff reach nothing without a grant: entering the organization answers NOT_FOUND and changes nothing', async () => {
    const { tenant, staffCaller } = await setup()
    const before = await databaseFingerprint(db)
    await expectTRPCError(staffCaller.org.switch({ orgId: tenant.org.id }), 'NOT_FOUND')
    await expectTRPCError(staffCaller.job.list(), 'NOT_FOUND')
    expect(await databaseFingerprint(db)).toEqual(before)
  })

  it('a read-only grant lets staff read but not change, shows in me.get, and every step is audited with actor STAFF and the grant id', async () => {
    const { tenant, admin, staff, staffCaller } = await setup()
    const grant = await admin.supportAccess.grant({ ...grantTerms, staffEmail: staff.email.toUpperCase(), durationHours: 24 })
    expect(grant.expiresAt!.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000)

    await staffCaller.org.switch({ orgId: tenant.org.id })
    const me = await staffCaller.me.get()
    expect(me.supportGrant).toMatchObject({ id: grant.id, scope: 'read_only', orgName: tenant.org.name })
    expect(me.permissions).toContain('jobs.read')
    expect(me.permissions.every((p) => p.endsWith('.read'))).toBe(true)

    const jobs = await staffCaller.job.list()
    expect(jobs.map((j) => j.id)).toContain(tenant.ids.jobId)
    const refused = await expectTRPCError(staffCaller.job.create({ title: 'Staff job', description: '', location: '', region: 'EU', currency: 'EUR' }), 'FORBIDDEN')
    expect(refused.message).toContain('jobs.create')

    const events = await db.prisma.auditEvent.findMany({ where: { orgId: tenant.org.id, action: { startsWith: 'support_access.' } }, orderBy: { seq: 'asc' } })
    expect(events.map((e) => e.action)).toEqual(['support_access.granted', 'support_access.used'])
    expect(events[0]).toMatchObject({ actorType: 'USER', actorId: tenant.owner.id })
    expect(events[1]).toMatchObject({ actorType: 'STAFF', actorId: staff.id })
    expect((events[1]!.metadata as Record<string, unknown>).supportGrantId).toBe(grant.id)
  })

  it('staff acting with a granted role are recorded as STAFF with the grant id on every change', async () => {
    const { tenant, admin, staff, staffCaller } = await setup()
    const recruiter = await db.prisma.role.findFirstOrThrow({ where: { orgId: tenant.org.id, key: 'recruiter' } })
    const grant = await admin.supportAccess.grant({ ...grantTerms, scope: 'role', roleId: recruiter.id, staffEmail: staff.email, durationHours: 2 })
    await staffCaller.org.switch({ orgId: tenant.org.id })
    const job = await staffCaller.job.create({ title: 'Fixed by support', description: '', location: '', region: 'EU', currency: 'EUR' })
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: tenant.org.id, action: 'job.created', targets: { array_contains: [{ id: job.id }] } } })
    expect(event).toMatchObject({ actorType: 'STAFF', actorId: staff.id, actorEmail: staff.email })
    expect((event.metadata as Record<string, unknown>).supportGrantId).toBe(grant.id)
  })

  it('access ends at expiry on the very next request (controllable clock)', async () => {
    const { tenant, admin, staff, staffCaller } = await setup()
    const start = Date.now()
    await admin.supportAccess.grant({ ...grantTerms, staffEmail: staff.email, durationHours: 1 })
    await staffCaller.org.switch({ orgId: tenant.org.id })

    vi.useFakeTimers({ toFake: ['Date'], now: start + 59 * 60_000 })
    expect((await staffCaller.job.list()).length).toBeGreaterThan(0)
    vi.setSystemTime(start + 60 * 60_000 + 1000)
    await expectTRPCError(staffCaller.job.list(), 'NOT_FOUND')
    expect((await staffCaller.me.get()).supportGrant).toBeNull()
    const listed = await admin.supportAccess.list()
    expect(listed[0]).toMatchObject({ status: 'expired' })
  })

  it('revocation takes effect mid-session, on the next request, and is audited', async () => {
    const { tenant, admin, staff, staffCaller } = await setup()
    const grant = await admin.supportAccess.grant({ ...grantTerms, staffEmail: staff.email, durationHours: 24 })
    await staffCaller.org.switch({ orgId: tenant.org.id })
    await staffCaller.candidate.list()
    await admin.supportAccess.revoke({ grantId: grant.id })
    await expectTRPCError(staffCaller.candidate.list(), 'NOT_FOUND')
    await expectTRPCError(admin.supportAccess.revoke({ grantId: grant.id }), 'CONFLICT')
    const revoked = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: tenant.org.id, action: 'support_access.revoked' } })
    expect(revoked.actorId).toBe(tenant.owner.id)
  })

  it('staff may ask; an admin approves (access starts then) or denies; both are audited', async () => {
    const { tenant, admin, staff, staffCaller } = await setup()
    const request = await staffCaller.support.requestAccess({ orgId: tenant.org.id, ...grantTerms, durationHours: 3 })
    expect(request.status).toBe('requested')
    await expectTRPCError(staffCaller.org.switch({ orgId: tenant.org.id }), 'NOT_FOUND')
    await expectTRPCError(staffCaller.support.requestAccess({ orgId: tenant.org.id, ...grantTerms, durationHours: 3 }), 'CONFLICT')

    const approved = await admin.supportAccess.decide({ grantId: request.id, approve: true })
    expect(approved.status).toBe('active')
    expect(approved.expiresAt!.getTime() - Date.now()).toBeGreaterThan(2.9 * 3600_000)
    expect(approved.expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(3 * 3600_000)
    await staffCaller.org.switch({ orgId: tenant.org.id })
    const mine = await staffCaller.support.myGrants()
    expect(mine.find((g) => g.id === request.id)).toMatchObject({ status: 'active', org: { name: tenant.org.name } })

    // A second request, denied.
    const other = await buildTenant(db, unique('jit-other'), { plan: 'ENTERPRISE' })
    const otherAdmin = (await callerAs(db, other.owner.id, other.org.id)).caller
    const second = await staffCaller.support.requestAccess({ orgId: other.org.id, ...grantTerms, durationHours: 1 })
    await otherAdmin.supportAccess.decide({ grantId: second.id, approve: false })
    await expectTRPCError(otherAdmin.supportAccess.decide({ grantId: second.id, approve: true }), 'CONFLICT')
    await expectTRPCError(staffCaller.org.switch({ orgId: other.org.id }), 'NOT_FOUND')

    const actions = (await db.prisma.auditEvent.findMany({ where: { orgId: tenant.org.id, action: { startsWith: 'support_access.' } }, orderBy: { seq: 'asc' } })).map(
      (e) => `${e.action}:${e.actorType}`,
    )
    expect(actions).toEqual(['support_access.requested:STAFF', 'support_access.approved:USER', 'support_access.used:STAFF'])
  })

  it('a grant to one organization reaches nothing in another', async () => {
    const { tenant, admin, staff, staffCaller } = await setup()
    const other = await buildTenant(db, unique('jit-b'))
    await admin.supportAccess.grant({ ...grantTerms, staffEmail: staff.email, durationHours: 1 })
    await staffCaller.org.switch({ orgId: tenant.org.id })
    await expectTRPCError(staffCaller.job.get({ jobId: other.ids.jobId! }), 'NOT_FOUND')
    await expectTRPCError(staffCaller.org.switch({ orgId: other.org.id }), 'NOT_FOUND')
  })

  it('refuses bad grants with clear messages and changes nothing', async () => {
    const { tenant, admin, staff } = await setup()
    const member = await createUser(db)
    const other = await buildTenant(db, unique('jit-c'))
    const foreignRole = await db.prisma.role.findFirstOrThrow({ where: { orgId: other.org.id, key: 'owner' } })
    const before = await databaseFingerprint(db)
    const notStaff = await expectTRPCError(admin.supportAccess.grant({ ...grantTerms, staffEmail: member.email, durationHours: 1 }), 'NOT_FOUND')
    expect(notStaff.message).toContain('No Hireproof support staff member')
    const tooLong = await expectTRPCError(admin.supportAccess.grant({ ...grantTerms, staffEmail: staff.email, durationHours: 25 }), 'BAD_REQUEST')
    expect(tooLong.message).toContain('At most 24 hours')
    await expectTRPCError(admin.supportAccess.grant({ ...grantTerms, reason: 'short', staffEmail: staff.email, durationHours: 1 }), 'BAD_REQUEST')
    await expectTRPCError(admin.supportAccess.grant({ ...grantTerms, scope: 'role', roleId: foreignRole.id, staffEmail: staff.email, durationHours: 1 }), 'NOT_FOUND')
    expect(await databaseFingerprint(db)).toEqual(before)

    await admin.supportAccess.grant({ ...grantTerms, staffEmail: staff.email, durationHours: 1 })
    await expectTRPCError(admin.supportAccess.grant({ ...grantTerms, staffEmail: staff.email, durationHours: 1 }), 'CONFLICT')
    expect(await db.prisma.supportGrant.count({ where: { orgId: tenant.org.id, staffUserId: staff.id, status: 'active' } })).toBe(1)
  })
})
