import { afterEach, describe, expect, it, vi } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { browserCaller, callerAs, createMember, createOrgWithOwner, createUser, enrolTwoFactor, unique } from '../factories'
import { expectTRPCError } from './expect-error'
import { hashPassword } from '../../server/auth/password'
import { secondStepPolicy } from '../../server/services/accounts/accounts'

/**
 * Two-factor sign-in and the organization's sign-in rules, through the real
 * procedures and cookies: the password step opens no session for a user with
 * a second factor; the code step does, once; require-2FA and enforce-SSO bind
 * existing sessions at once and cannot lock out the admin who sets them.
 */
const db = await useTestDatabase()
const password = 'correct horse battery staple'

async function memberWithPassword(orgId: string, roleKey = 'recruiter') {
  const user = await createMember(db, orgId, roleKey)
  return db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } })
}

afterEach(() => vi.useRealTimers())

describe('signing in with a second factor', () => {
  it('the password step opens no session; a valid code opens one, audited with the method', async () => {
    const { org } = await createOrgWithOwner(db)
    const user = await memberWithPassword(org.id)
    const { code } = await enrolTwoFactor(db, user)
    const browser = browserCaller(db)
    expect(await browser.caller.auth.signIn({ email: user.email, password })).toEqual({ secondFactorRequired: true })
    expect(browser.currentToken()).toBeUndefined()
    expect(Object.keys(browser.cookies())).toContain('hp_pending')
    await expectTRPCError(browser.caller.me.get(), 'UNAUTHORIZED')

    await browser.caller.auth.completeSignIn({ code: code() })
    expect(browser.currentToken()).toBeTruthy()
    expect(browser.cookies()).not.toHaveProperty('hp_pending')
    expect((await browser.caller.me.get()).user.email).toBe(user.email)
    const session = await db.prisma.session.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: 'desc' } })
    expect(session.authMethod).toBe('password+totp')
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'user.signed_in', actorId: user.id } })
    expect(event.metadata).toMatchObject({ method: 'password+totp' })
    expect(await db.prisma.pendingSignIn.count({ where: { userId: user.id } })).toBe(0)
  })

  it('a code is accepted once: the same code cannot complete a second sign-in', async () => {
    const user = await createUser(db, { passwordHash: await hashPassword(password) })
    const { code } = await enrolTwoFactor(db, user)
    const current = code()
    const first = browserCaller(db)
    await first.caller.auth.signIn({ email: user.email, password })
    await first.caller.auth.completeSignIn({ code: current })
    const second = browserCaller(db)
    await second.caller.auth.signIn({ email: user.email, password })
    const error = await expectTRPCError(second.caller.auth.completeSignIn({ code: current }), 'UNPROCESSABLE_CONTENT')
    expect(error.message).toMatch(/not valid/)
    expect(second.currentToken()).toBeUndefined()
  })

  it(`refuses after ${secondStepPolicy.maxAttempts} wrong codes, even a right one next`, async () => {
    const user = await createUser(db, { passwordHash: await hashPassword(password) })
    const { code } = await enrolTwoFactor(db, user)
    const browser = browserCaller(db)
    await browser.caller.auth.signIn({ email: user.email, password })
    for (let i = 0; i < secondStepPolicy.maxAttempts; i++) {
      await expectTRPCError(browser.caller.auth.completeSignIn({ code: '000000' }), 'UNPROCESSABLE_CONTENT')
    }
    const error = await expectTRPCError(browser.caller.auth.completeSignIn({ code: code() }), 'UNAUTHORIZED')
    expect(error.message).toMatch(/Too many wrong codes/)
    expect(browser.currentToken()).toBeUndefined()
  })

  it(`limits codes per account across pending sign-ins (${secondStepPolicy.perUser.limit} per 15 minutes)`, async () => {
    const user = await createUser(db, { passwordHash: await hashPassword(password) })
    const { code } = await enrolTwoFactor(db, user)
    let tried = 0
    while (tried < secondStepPolicy.perUser.limit) {
      const browser = browserCaller(db)
      await browser.caller.auth.signIn({ email: user.email, password })
      for (let i = 0; i < secondStepPolicy.maxAttempts - 1 && tried < secondStepPolicy.perUser.limit; i++, tried++) {
        await expectTRPCError(browser.caller.auth.completeSignIn({ code: '000000' }), 'UNPROCESSABLE_CONTENT')
      }
    }
    const fresh = browserCaller(db)
    await fresh.caller.auth.signIn({ email: user.email, password })
    const error = await expectTRPCError(fresh.caller.auth.completeSignIn({ code: code() }), 'TOO_MANY_REQUESTS')
    expect(error.message).toMatch(/Too many codes tried for this account/)
    expect(fresh.currentToken()).toBeUndefined()
  })

  it('a pending sign-in expires after five minutes', async () => {
    const user = await createUser(db, { passwordHash: await hashPassword(password) })
    const { code } = await enrolTwoFactor(db, user)
    const browser = browserCaller(db)
    await browser.caller.auth.signIn({ email: user.email, password })
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + secondStepPolicy.lifetimeMs + 1000 })
    const error = await expectTRPCError(browser.caller.auth.completeSignIn({ code: code() }), 'UNAUTHORIZED')
    expect(error.message).toMatch(/expired/)
  })

  it('without the pending cookie there is nothing to complete', async () => {
    await expectTRPCError(browserCaller(db).caller.auth.completeSignIn({ code: '123456' }), 'UNAUTHORIZED')
  })

  it('a recovery code works once and is recorded as such', async () => {
    const user = await createUser(db, { passwordHash: await hashPassword(password) })
    const { recoveryCodes } = await enrolTwoFactor(db, user)
    const browser = browserCaller(db)
    await browser.caller.auth.signIn({ email: user.email, password })
    expect(await browser.caller.auth.completeSignIn({ code: recoveryCodes[3]! })).toMatchObject({ usedRecoveryCode: true })
    const again = browserCaller(db)
    await again.caller.auth.signIn({ email: user.email, password })
    await expectTRPCError(again.caller.auth.completeSignIn({ code: recoveryCodes[3]! }), 'UNPROCESSABLE_CONTENT')
    expect((await browser.caller.twoFactor.status()).recoveryCodesLeft).toBe(9)
  })

  it('bad input is refused with a message and changes nothing', async () => {
    const browser = browserCaller(db)
    const error = await expectTRPCError(browser.caller.auth.completeSignIn({ code: '<script>' }), 'BAD_REQUEST')
    expect(error.message).toMatch(/6-digit code or a recovery code/)
  })
})

describe('enrolment through the procedures', () => {
  it('shows the same QR code until confirmed, then recovery codes once; signs out other sessions; audited in each of the user’s organizations', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const other = await createOrgWithOwner(db)
    await db.prisma.membership.create({ data: { orgId: other.org.id, userId: owner.id, roleId: (await db.prisma.role.findFirstOrThrow({ where: { orgId: other.org.id, key: 'viewer' } })).id } })
    const { caller } = await callerAs(db, owner.id, org.id)
    const elsewhere = await callerAs(db, owner.id, org.id)
    expect(await caller.twoFactor.status()).toMatchObject({ enabled: false, pending: null })
    const { manualKey } = await caller.twoFactor.beginEnrolment()
    const status = await caller.twoFactor.status()
    expect(status.pending?.manualKey).toBe(manualKey)
    expect(status.pending?.qrSvg).toMatch(/^<svg[^>]+viewBox/)
    expect((await caller.twoFactor.status()).pending?.manualKey).toBe(manualKey)
    await expectTRPCError(caller.twoFactor.confirmEnrolment({ code: '12345' }), 'BAD_REQUEST')
    const { totp, base32Decode } = await import('../../server/auth/totp')
    const { recoveryCodes } = await caller.twoFactor.confirmEnrolment({ code: totp(base32Decode(manualKey.replace(/ /g, '')), new Date()) })
    expect(recoveryCodes).toHaveLength(10)
    expect(await caller.twoFactor.status()).toMatchObject({ enabled: true, pending: null, recoveryCodesLeft: 10 })
    // Another session, perhaps opened with a stolen password, is signed out; this one stays.
    await expectTRPCError(elsewhere.caller.me.get(), 'UNAUTHORIZED')
    for (const orgId of [org.id, other.org.id]) {
      expect(await db.prisma.auditEvent.count({ where: { orgId, action: 'two_factor.enabled', actorId: owner.id } })).toBe(1)
    }
  })
})

describe('an organization that requires two-factor authentication', () => {
  it('cannot be switched on by an admin who has no second factor themselves', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    const error = await expectTRPCError(caller.org.setRequireTwoFactor({ required: true }), 'UNPROCESSABLE_CONTENT')
    expect(error.message).toMatch(/your own account first/)
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).requireTwoFactor).toBe(false)
  })

  it('binds existing password sessions at once; members reach only their account until they enrol', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    await enrolTwoFactor(db, owner)
    const admin = await callerAs(db, owner.id, org.id)
    const member = await memberWithPassword(org.id)
    const memberCaller = await callerAs(db, member.id, org.id)
    expect((await memberCaller.caller.job.list()).length).toBeGreaterThanOrEqual(0)

    await admin.caller.org.setRequireTwoFactor({ required: true })
    expect(await admin.caller.org.securitySettings()).toMatchObject({ requireTwoFactor: true, membersWithoutTwoFactor: 1 })
    const error = await expectTRPCError(memberCaller.caller.job.list(), 'FORBIDDEN')
    expect(error.message).toMatch(/requires two-factor authentication/)
    const me = await memberCaller.caller.me.get()
    expect(me).toMatchObject({ signInRequirement: 'two_factor_enrolment', permissions: [] })
    expect((await memberCaller.caller.twoFactor.status()).requiredBy).toEqual([org.name])

    await enrolTwoFactor(db, member)
    expect(await memberCaller.caller.job.list()).toBeDefined()
    expect((await memberCaller.caller.me.get()).signInRequirement).toBeNull()
    const change = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'org.security_settings_changed' } })
    expect(change.metadata).toMatchObject({ before: { requireTwoFactor: false }, after: { requireTwoFactor: true } })
  })

  it('needs org.update', async () => {
    const { org } = await createOrgWithOwner(db)
    const recruiter = await memberWithPassword(org.id)
    await enrolTwoFactor(db, recruiter)
    const { caller } = await callerAs(db, recruiter.id, org.id)
    await expectTRPCError(caller.org.setRequireTwoFactor({ required: true }), 'FORBIDDEN')
  })
})

describe('an organization that enforces single sign-on', () => {
  async function enforcingOrg() {
    const { org, owner } = await createOrgWithOwner(db, unique('Enforcing'))
    const role = await db.prisma.role.findFirstOrThrow({ where: { orgId: org.id, key: 'viewer' } })
    await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE', enforceSso: true } })
    await db.prisma.ssoConnection.create({
      data: {
        orgId: org.id,
        idpEntityId: 'https://idp.example.test',
        idpSsoUrl: 'https://idp.example.test/sso',
        idpCertificates: [],
        defaultRoleId: role.id,
        attributeMapping: {},
        enabled: true,
        lastTestedAt: new Date(),
      },
    })
    return { org, owner }
  }

  it('refuses password sessions of members, but not of those who manage SSO and have a second factor (the break-glass path)', async () => {
    const { org, owner } = await enforcingOrg()
    const member = await memberWithPassword(org.id)
    const memberCaller = await callerAs(db, member.id, org.id)
    const error = await expectTRPCError(memberCaller.caller.job.list(), 'FORBIDDEN')
    expect(error.message).toMatch(/requires single sign-on/)
    expect((await memberCaller.caller.me.get()).signInRequirement).toBe('sso')
    // The break-glass path needs a second factor: without one the owner is sent to enrol.
    const ownerCaller = await callerAs(db, owner.id, org.id)
    expect((await ownerCaller.caller.me.get()).signInRequirement).toBe('two_factor_enrolment')
    await enrolTwoFactor(db, owner)
    expect(await ownerCaller.caller.job.list()).toBeDefined()
  })

  it('refuses password sign-in to a member whose only organization enforces SSO', async () => {
    const { org } = await enforcingOrg()
    const member = await memberWithPassword(org.id)
    const error = await expectTRPCError(browserCaller(db).caller.auth.signIn({ email: member.email, password }), 'FORBIDDEN')
    expect(error.message).toMatch(/requires single sign-on/)
    expect(await db.prisma.session.count({ where: { userId: member.id } })).toBe(0)
  })

  it('a member of another organization too lands there instead', async () => {
    const { org } = await enforcingOrg()
    const member = await memberWithPassword(org.id)
    const open = await createOrgWithOwner(db)
    await db.prisma.membership.create({ data: { orgId: open.org.id, userId: member.id, roleId: (await db.prisma.role.findFirstOrThrow({ where: { orgId: open.org.id, key: 'viewer' } })).id } })
    const browser = browserCaller(db)
    await browser.caller.auth.signIn({ email: member.email, password })
    expect((await browser.caller.me.get()).activeOrg?.id).toBe(open.org.id)
  })

  it('cannot be switched on without the Enterprise plan and an enabled connection', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    expect((await expectTRPCError(caller.org.setEnforceSso({ enforced: true }), 'FORBIDDEN')).message).toMatch(/Enterprise plan/)
    await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE' } })
    expect((await expectTRPCError(caller.org.setEnforceSso({ enforced: true }), 'UNPROCESSABLE_CONTENT')).message).toMatch(/test and enable/)
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).enforceSso).toBe(false)
  })
})
