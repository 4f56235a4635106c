import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { browserCaller, callerAs, createUser, testMeta, unique } from '../factories'
import { createSession } from '../../server/auth/session'
import { buildTenant } from '../factories/tenant'
import { databaseFingerprint } from '../setup/snapshot'
import { expectTRPCError } from './expect-error'

/** IP allowlists through the API: saving (with lock-out protection) and enforcement on every tenant request. */
const db = await useTestDatabase()
const office = '203.0.113.10' // testMeta()'s default address

async function enterpriseTenant() {
  const tenant = await buildTenant(db, unique('ipl'))
  await db.prisma.organization.update({ where: { id: tenant.org.id }, data: { plan: 'ENTERPRISE' } })
  return { tenant, admin: (await callerAs(db, tenant.owner.id, tenant.org.id)).caller }
}

async function memberFrom(userId: string, orgId: string, ip: string) {
  const { token } = await createSession(db.prisma, { userId, activeOrgId: orgId, meta: testMeta({ ip }) })
  return browserCaller(db, token, testMeta({ ip })).caller
}

describe('IP allowlists', () => {
  it('are an Enterprise feature', async () => {
    const tenant = await buildTenant(db, unique('ipl-std'))
    const admin = (await callerAs(db, tenant.owner.id, tenant.org.id)).caller
    expect((await admin.ipAllowlist.get()).available).toBe(false)
    const refused = await expectTRPCError(admin.ipAllowlist.replace({ entries: [{ cidr: `${office}/32` }] }), 'FORBIDDEN')
    expect(refused.message).toContain('Enterprise plan')
  })

  it('refuses invalid entries and a list that would lock out the admin saving it, and changes nothing', async () => {
    const { admin } = await enterpriseTenant()
    const before = await databaseFingerprint(db)
    const invalid = await expectTRPCError(admin.ipAllowlist.replace({ entries: [{ cidr: '203.0.113.0/24' }, { cidr: 'office-wifi' }] }), 'BAD_REQUEST')
    expect(invalid.message).toContain('Line 2: “office-wifi” is not an IPv4 or IPv6 address or CIDR range')
    const lockout = await expectTRPCError(admin.ipAllowlist.replace({ entries: [{ cidr: '198.51.100.0/24' }, { cidr: '2001:db8::/32' }] }), 'UNPROCESSABLE_CONTENT')
    expect(lockout.message).toContain(`Your current address ${office} is not in this list`)
    expect(await databaseFingerprint(db)).toEqual(before)
  })

  it('saves normalized entries, lets members in from listed networks (IPv4, IPv6, IPv4-mapped) and refuses others on every tenant request', async () => {
    const { tenant, admin } = await enterpriseTenant()
    const saved = await admin.ipAllowlist.replace({
      entries: [
        { cidr: '203.0.113.77/24', label: 'Office' },
        { cidr: '2001:DB8:AB::/48', label: 'VPN' },
        { cidr: '203.0.113.0/24', label: 'duplicate' },
      ],
    })
    expect(saved.entries.map((e) => e.cidr)).toEqual(['203.0.113.0/24', '2001:db8:ab::/48'])
    const updated = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: tenant.org.id, action: 'ip_allowlist.updated' } })
    expect(updated.metadata).toMatchObject({ before: [], after: ['203.0.113.0/24', '2001:db8:ab::/48'] })

    const colleague = tenant.ids.userId!
    expect((await (await memberFrom(colleague, tenant.org.id, '203.0.113.200')).job.list()).length).toBeGreaterThan(0)
    expect((await (await memberFrom(colleague, tenant.org.id, '2001:db8:ab:1::9')).job.list()).length).toBeGreaterThan(0)
    expect((await (await memberFrom(colleague, tenant.org.id, '::ffff:203.0.113.9')).job.list()).length).toBeGreaterThan(0)

    const outside = await memberFrom(colleague, tenant.org.id, '198.51.100.23')
    const refused = await expectTRPCError(outside.job.list(), 'FORBIDDEN')
    expect(refused.message).toContain('accepts requests only from its allowed networks')
    expect(refused.message).toContain('198.51.100.23')
    await expectTRPCError(outside.audit.list({}), 'FORBIDDEN')
    await expectTRPCError(outside.job.create({ title: 'x', description: '', location: '', region: 'EU', currency: 'EUR' }), 'FORBIDDEN')
    await expectTRPCError((await memberFrom(colleague, tenant.org.id, '2001:db8:ac::1')).job.list(), 'FORBIDDEN')
    // The overview learns only that it is blocked: no permissions to offer.
    expect(await outside.me.get()).toMatchObject({ blockedByAllowlist: true, permissions: [] })
    expect((await (await memberFrom(colleague, tenant.org.id, '203.0.113.5')).me.get()).blockedByAllowlist).toBe(false)
  })

  it('audits refused requests at most once per address every ten minutes', async () => {
    const { tenant, admin } = await enterpriseTenant()
    await admin.ipAllowlist.replace({ entries: [{ cidr: `${office}/32` }] })
    const outside = await memberFrom(tenant.owner.id, tenant.org.id, '192.0.2.55')
    for (let i = 0; i < 5; i++) await expectTRPCError(outside.job.list(), 'FORBIDDEN')
    const denied = await db.prisma.auditEvent.findMany({ where: { orgId: tenant.org.id, action: 'ip_allowlist.request_denied' } })
    expect(denied).toHaveLength(1)
    expect(denied[0]).toMatchObject({ ip: '192.0.2.55', success: false, actorId: tenant.owner.id })
    expect(denied[0]!.metadata).toMatchObject({ path: 'job.list' })
  })

  it('applies to support staff under a grant too', async () => {
    const { tenant, admin } = await enterpriseTenant()
    const staff = await createUser(db, { isStaff: true })
    await admin.supportAccess.grant({ staffEmail: staff.email, reason: 'Ticket 5: check the import', scope: 'read_only', durationHours: 1 })
    await admin.ipAllowlist.replace({ entries: [{ cidr: `${office}/32` }] })
    expect((await (await memberFrom(staff.id, tenant.org.id, office)).job.list()).length).toBeGreaterThan(0)
    await expectTRPCError((await memberFrom(staff.id, tenant.org.id, '198.51.100.1')).job.list(), 'FORBIDDEN')
  })

  it('an empty list removes the restriction', async () => {
    const { tenant, admin } = await enterpriseTenant()
    await admin.ipAllowlist.replace({ entries: [{ cidr: `${office}/32` }] })
    await admin.ipAllowlist.replace({ entries: [] })
    expect((await (await memberFrom(tenant.owner.id, tenant.org.id, '198.51.100.1')).job.list()).length).toBeGreaterThan(0)
  })
})
