import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, callerAs, createMember, createOrgWithOwner, createUser, roleOf } from '../factories'
import { expectTRPCError } from './expect-error'
import { inviteMember } from '../../server/services/invitations/invitations'
import { systemAuditContext } from '../../server/audit/append'

const db = await useTestDatabase()

/** The invitation token from the newest outbox email to `email`. */
async function tokenFromOutbox(email: string) {
  const message = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: 'desc' } })
  const match = /\/invitations\/([A-Za-z0-9_-]+)/.exec(message.text)
  expect(match, 'invitation link in the email').not.toBeNull()
  return { token: match![1]!, message }
}

describe('invitations', () => {
  it('an admin invites by email; the invitee accepts and joins with the chosen role', async () => {
    const { org, owner } = await createOrgWithOwner(db, 'Invite Co')
    const recruiter = await roleOf(db, org.id, 'recruiter')
    const { caller } = await callerAs(db, owner.id, org.id)
    const invitee = await createUser(db)
    await caller.invitation.create({ email: invitee.email.toUpperCase(), roleId: recruiter.id })

    const { token, message } = await tokenFromOutbox(invitee.email)
    expect(message.subject).toContain('Invite Co')
    expect(message.html).toContain('Accept invitation')
    expect(message.orgId).toBe(org.id)
    expect(await caller.invitation.list()).toHaveLength(1)

    const anonymous = await callerAs(db, invitee.id, null)
    expect(await anonymous.caller.invitation.get({ token })).toMatchObject({ orgName: 'Invite Co', roleName: 'Recruiter' })
    await anonymous.caller.invitation.accept({ token })
    const membership = await db.prisma.membership.findUniqueOrThrow({
      where: { orgId_userId: { orgId: org.id, userId: invitee.id } },
    })
    expect(membership.roleId).toBe(recruiter.id)
    expect((await anonymous.caller.me.get()).activeOrg?.id).toBe(org.id)
    // Single use.
    await expectTRPCError(anonymous.caller.invitation.accept({ token }), 'NOT_FOUND')
    expect(await caller.invitation.list()).toHaveLength(0)
  })

  it('only the addressee can accept', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    await caller.invitation.create({ email: 'someone-else@example.test', roleId: (await roleOf(db, org.id, 'viewer')).id })
    const { token } = await tokenFromOutbox('someone-else@example.test')
    const stranger = await createUser(db)
    const { caller: strangerCaller } = await callerAs(db, stranger.id, null)
    const error = await expectTRPCError(strangerCaller.invitation.accept({ token }), 'FORBIDDEN')
    expect(error.message).toContain('someone-else@example.test')
    expect(await db.prisma.membership.count({ where: { userId: stranger.id } })).toBe(0)
  })

  it('expired and revoked invitations cannot be used', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const viewer = await roleOf(db, org.id, 'viewer')
    const invitee = await createUser(db)
    const past = new Date(Date.now() - 8 * 24 * 3600_000)
    const expired = await inviteMember(db, { orgId: org.id, userId: owner.id, userName: 'O', audit: systemAuditContext() }, { email: invitee.email, roleId: viewer.id }, 'http://x', past)
    const { caller } = await callerAs(db, invitee.id, null)
    await expectTRPCError(caller.invitation.accept({ token: expired.token }), 'NOT_FOUND')

    const { caller: ownerCaller } = await callerAs(db, owner.id, org.id)
    const live = await inviteMember(db, { orgId: org.id, userId: owner.id, userName: 'O', audit: systemAuditContext() }, { email: invitee.email, roleId: viewer.id }, 'http://x')
    await ownerCaller.invitation.revoke({ invitationId: live.invitation.id })
    await expectTRPCError(caller.invitation.accept({ token: live.token }), 'NOT_FOUND')
    await expectTRPCError(caller.invitation.get({ token: live.token }), 'NOT_FOUND')
  })

  it('a new invitation to the same address replaces the pending one', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const viewer = await roleOf(db, org.id, 'viewer')
    const email = 'twice@example.test'
    const inviter = { orgId: org.id, userId: owner.id, userName: 'O', audit: systemAuditContext() }
    const first = await inviteMember(db, inviter, { email, roleId: viewer.id }, 'http://x')
    await inviteMember(db, inviter, { email, roleId: viewer.id }, 'http://x')
    const invitee = await createUser(db, { email })
    const { caller } = await callerAs(db, invitee.id, null)
    await expectTRPCError(caller.invitation.accept({ token: first.token }), 'NOT_FOUND')
  })

  it('refuses a role of another organization, an existing member and bad input, changing nothing', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { org: other } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    const before = await db.prisma.invitation.count()
    await expectTRPCError(
      caller.invitation.create({ email: 'x@example.test', roleId: (await roleOf(db, other.id, 'admin')).id }),
      'NOT_FOUND',
    )
    await expectTRPCError(caller.invitation.create({ email: owner.email, roleId: (await roleOf(db, org.id, 'admin')).id }), 'CONFLICT')
    await expectTRPCError(caller.invitation.create({ email: 'not an email', roleId: 'r' }), 'BAD_REQUEST')
    expect(await db.prisma.invitation.count()).toBe(before)
  })

  it('a viewer may list members but not invite; another org cannot revoke', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const viewerUser = await createMember(db, org.id, 'viewer')
    const { caller: viewer } = await callerAs(db, viewerUser.id, org.id)
    expect(await viewer.member.list()).toHaveLength(2)
    await expectTRPCError(
      viewer.invitation.create({ email: 'y@example.test', roleId: (await roleOf(db, org.id, 'viewer')).id }),
      'FORBIDDEN',
    )

    const inv = await inviteMember(db, { orgId: org.id, userId: owner.id, userName: 'O', audit: systemAuditContext() }, { email: 'z@example.test', roleId: (await roleOf(db, org.id, 'viewer')).id }, 'http://x')
    const { org: otherOrg, owner: otherOwner } = await createOrgWithOwner(db)
    const { caller: outsider } = await callerAs(db, otherOwner.id, otherOrg.id)
    await expectTRPCError(outsider.invitation.revoke({ invitationId: inv.invitation.id }), 'NOT_FOUND')
    expect((await db.prisma.invitation.findUniqueOrThrow({ where: { id: inv.invitation.id } })).revokedAt).toBeNull()
  })

  it('an unauthenticated caller cannot list or create', async () => {
    const { caller } = anonymousCaller(db)
    await expectTRPCError(caller.invitation.list(), 'UNAUTHORIZED')
    await expectTRPCError(caller.invitation.create({ email: 'a@b.test', roleId: 'r' }), 'UNAUTHORIZED')
  })
})
