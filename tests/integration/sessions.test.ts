import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { browserCaller, callerAs, createMember, createOrgWithOwner, createUser, requestWithSession, testEnv, testMeta } from '../factories'
import { localAuthProvider } from '../../server/auth/provider'
import { hashToken } from '../../server/auth/tokens'
import { expectTRPCError } from './expect-error'
import { createSession } from '../../server/auth/session'
import { describeDevice } from '../../server/services/sessions/sessions'

const db = await useTestDatabase()

describe('own sessions', () => {
  it('lists the live sessions of the user with device, address and the current one marked', async () => {
    const user = await createUser(db)
    await createSession(db.prisma, {
      userId: user.id,
      activeOrgId: null,
      meta: testMeta({ ip: '192.0.2.44', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15' }),
    })
    const { caller, token } = await callerAs(db, user.id, null)
    const sessions = await caller.session.listMine()
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((s) => s.current)).toHaveLength(1)
    expect(sessions.find((s) => !s.current)).toMatchObject({ device: 'Safari on macOS', ip: '192.0.2.44' })
    expect(token).toBeTruthy()
  })

  it('signing out another session ends it at once; someone else’s session is NOT_FOUND and untouched', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const laptop = await callerAs(db, owner.id, org.id)
    const phone = await callerAs(db, owner.id, org.id)
    const phoneSession = (await phone.caller.session.listMine()).find((s) => s.current)!
    await laptop.caller.session.revokeMine({ sessionId: phoneSession.id })
    await expectTRPCError(browserCaller(db, phone.token).caller.me.get(), 'UNAUTHORIZED')
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id }, orderBy: { seq: 'desc' } })
    expect(event).toMatchObject({ action: 'session.revoked', actorId: owner.id })

    const stranger = await createUser(db)
    const strangers = await createSession(db.prisma, { userId: stranger.id, activeOrgId: null, meta: testMeta() })
    await expectTRPCError(laptop.caller.session.revokeMine({ sessionId: strangers.session.id }), 'NOT_FOUND')
    expect((await db.prisma.session.findUniqueOrThrow({ where: { id: strangers.session.id } })).revokedAt).toBeNull()
  })
})

describe('admins ending a member’s sessions', () => {
  it('signs the member out everywhere at once, audited with the count', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const member = await createMember(db, org.id, 'recruiter')
    const a = await callerAs(db, member.id, org.id)
    const b = await callerAs(db, member.id, null)
    const membership = await db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: member.id } } })
    const admin = (await callerAs(db, owner.id, org.id)).caller
    expect(await admin.session.endAllOfMember({ membershipId: membership.id })).toEqual({ ended: 2 })
    await expectTRPCError(a.caller.me.get(), 'UNAUTHORIZED')
    await expectTRPCError(b.caller.me.get(), 'UNAUTHORIZED')
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id }, orderBy: { seq: 'desc' } })
    expect(event).toMatchObject({ action: 'member.sessions_ended', metadata: { sessionsEnded: 2 } })
  })

  it('is refused without members.manage, and for members of other organizations', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const viewer = await createMember(db, org.id, 'viewer')
    const ownerMembership = await db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: owner.id } } })
    await expectTRPCError((await callerAs(db, viewer.id, org.id)).caller.session.endAllOfMember({ membershipId: ownerMembership.id }), 'FORBIDDEN')
    const other = await createOrgWithOwner(db)
    await expectTRPCError(
      (await callerAs(db, other.owner.id, other.org.id)).caller.session.endAllOfMember({ membershipId: ownerMembership.id }),
      'NOT_FOUND',
    )
  })
})

describe('device names', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36', 'Chrome on Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    ['', 'Unknown device'],
  ])('%s → %s', (ua, expected) => expect(describeDevice(ua)).toBe(expected))
})

describe('suspending a member', () => {
  it('ends their sessions in the organization at once, keeps their other organizations, and is audited', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const member = await createMember(db, org.id, 'recruiter')
    const elsewhere = await createOrgWithOwner(db)
    await db.prisma.membership.create({
      data: { orgId: elsewhere.org.id, userId: member.id, roleId: (await db.prisma.role.findFirstOrThrow({ where: { orgId: elsewhere.org.id, key: 'viewer' } })).id },
    })
    const inOrg = browserCaller(db, (await createSession(db.prisma, { userId: member.id, activeOrgId: org.id, meta: testMeta() })).token).caller
    const inOther = browserCaller(db, (await createSession(db.prisma, { userId: member.id, activeOrgId: elsewhere.org.id, meta: testMeta() })).token).caller
    await inOrg.job.list()

    const admin = (await callerAs(db, owner.id, org.id)).caller
    const membership = await db.prisma.membership.findFirstOrThrow({ where: { orgId: org.id, userId: member.id } })
    const result = await admin.member.suspend({ membershipId: membership.id })
    expect(result.sessionsEnded).toBe(1)
    await expect(inOrg.job.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    expect(await inOther.job.list()).toEqual([])
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'member.suspended' } })
    expect(event.metadata).toMatchObject({ sessionsEnded: 1 })

    // A new session of theirs cannot reach the organization either.
    await expect((await callerAs(db, member.id, org.id)).caller.job.list()).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(admin.member.suspend({ membershipId: membership.id })).rejects.toMatchObject({ code: 'CONFLICT' })
    await admin.member.reactivate({ membershipId: membership.id })
    expect(await (await callerAs(db, member.id, org.id)).caller.job.list()).toEqual([])
  })

  it('refuses suspending yourself, and a suspended member can suspend nobody', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const own = await db.prisma.membership.findFirstOrThrow({ where: { orgId: org.id, userId: owner.id } })
    await expectTRPCError(admin.member.suspend({ membershipId: own.id }), 'UNPROCESSABLE_CONTENT')
    const coOwner = await createMember(db, org.id, 'owner')
    const coOwnerMembership = await db.prisma.membership.findFirstOrThrow({ where: { orgId: org.id, userId: coOwner.id } })
    await admin.member.suspend({ membershipId: coOwnerMembership.id })
    // Now the caller is the last active owner; another owner may not suspend them (there is none left to do it).
    const viaCoOwner = (await callerAs(db, coOwner.id, org.id)).caller
    await expectTRPCError(viaCoOwner.member.suspend({ membershipId: own.id }), 'FORBIDDEN')
  })
})

describe('session cookies', () => {
  it('accept only our own token shape: a mirrored Clerk session key ("clerk:<sid>", not secret) is refused', async () => {
    const user = await createUser(db)
    const sid = 'sess_2abcDEFghiJKLmnoPQRstu'
    await db.prisma.session.create({
      data: { tokenHash: hashToken(`clerk:${sid}`), userId: user.id, authMethod: 'clerk', expiresAt: new Date(Date.now() + 3600_000) },
    })
    const provider = localAuthProvider(testEnv)
    expect(await provider.authenticate(requestWithSession(`clerk:${sid}`), db)).toBeNull()
    const { token } = await createSession(db.prisma, { userId: user.id, activeOrgId: null, meta: testMeta() })
    expect((await provider.authenticate(requestWithSession(token), db))?.user.id).toBe(user.id)
  })
})
