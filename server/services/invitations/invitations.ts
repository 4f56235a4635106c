import type { Database } from '../../db'
import { AppError } from '../../errors'
import { generateToken, hashToken } from '../../auth/tokens'
import { enqueueEmail } from '../mail/outbox'
import { normalizeEmail } from '../accounts/accounts'
import { switchOrganization } from '../orgs/orgs'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

export const invitationLifetimeMs = 7 * 24 * 3600_000

type Inviter = { orgId: string; userId: string; userName: string; audit: AuditContext }

/**
 * Invites an email address into the inviter's organization with a role of
 * that organization. Any earlier pending invitation for the address is
 * revoked, so only the newest link works. The email goes through the outbox.
 */
export async function inviteMember(
  db: Database,
  inviter: Inviter,
  input: { email: string; roleId: string },
  appUrl: string,
  now = new Date(),
) {
  const email = normalizeEmail(input.email)
  const token = generateToken()
  const invitation = await db.prisma.$transaction(async (tx) => {
    const role = await tx.role.findFirst({ where: { id: input.roleId, orgId: inviter.orgId } })
    if (!role) throw new AppError('NOT_FOUND', 'Role not found', { roleId: 'Choose a role of this organization' })
    const alreadyMember = await tx.membership.findFirst({
      where: { orgId: inviter.orgId, user: { email } },
      select: { id: true },
    })
    if (alreadyMember) {
      throw new AppError('CONFLICT', `${email} is already a member`, { email: 'Already a member of this organization' })
    }
    await tx.invitation.updateMany({
      where: { orgId: inviter.orgId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    })
    const org = await tx.organization.findUniqueOrThrow({ where: { id: inviter.orgId } })
    const created = await tx.invitation.create({
      data: {
        orgId: inviter.orgId,
        email,
        roleId: role.id,
        tokenHash: hashToken(token),
        invitedById: inviter.userId,
        expiresAt: new Date(now.getTime() + invitationLifetimeMs),
      },
    })
    await enqueueEmail(tx, {
      to: email,
      orgId: inviter.orgId,
      template: 'invitation',
      data: {
        orgName: org.name,
        inviterName: inviter.userName,
        roleName: role.name,
        acceptUrl: `${appUrl}/invitations/${token}`,
        expiresAt: created.expiresAt,
      },
    })
    await appendAuditEvent(tx, inviter.audit, {
      orgId: inviter.orgId,
      action: 'invitation.created',
      targets: [
        { type: 'invitation', id: created.id, label: email },
        { type: 'role', id: role.id, label: role.name },
      ],
    })
    return created
  })
  return { invitation, token }
}

export function listPendingInvitations(db: Database, orgId: string, now = new Date()) {
  return db.prisma.invitation.findMany({
    where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, email: true, expiresAt: true, createdAt: true, role: { select: { name: true } } },
  })
}

export async function revokeInvitation(
  db: Database,
  input: { orgId: string; invitationId: string; audit: AuditContext },
  now = new Date(),
) {
  await db.prisma.$transaction(async (tx) => {
    const result = await tx.invitation.updateMany({
      where: { id: input.invitationId, orgId: input.orgId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    })
    if (result.count === 0) throw new AppError('NOT_FOUND', 'Invitation not found')
    await appendAuditEvent(tx, input.audit, {
      orgId: input.orgId,
      action: 'invitation.revoked',
      targets: [{ type: 'invitation', id: input.invitationId }],
    })
  })
}

/** What an invitation link shows before it is accepted; null when it is not usable. */
export async function findUsableInvitation(db: Database, token: string, now = new Date()) {
  if (token.length > 200) return null
  const invitation = await db.prisma.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { org: { select: { id: true, name: true } }, role: { select: { name: true } } },
  })
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) return null
  return invitation
}

/**
 * Adds the signed-in user to the inviting org and moves their session there.
 * The invitation must be addressed to them.
 */
export async function acceptInvitation(
  db: Database,
  input: { token: string; userId: string; userEmail: string; sessionId: string; audit: AuditContext },
  now = new Date(),
) {
  const invitation = await findUsableInvitation(db, input.token, now)
  if (!invitation) throw new AppError('NOT_FOUND', 'This invitation link is invalid or has expired')
  if (invitation.email !== normalizeEmail(input.userEmail)) {
    throw new AppError('FORBIDDEN', `This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`)
  }
  return db.prisma.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: now },
    })
    if (claimed.count === 0) throw new AppError('NOT_FOUND', 'This invitation link is invalid or has expired')
    const existing = await tx.membership.findUnique({
      where: { orgId_userId: { orgId: invitation.orgId, userId: input.userId } },
    })
    if (existing) throw new AppError('CONFLICT', `You are already a member of ${invitation.org.name}`)
    await tx.membership.create({ data: { orgId: invitation.orgId, userId: input.userId, roleId: invitation.roleId } })
    await appendAuditEvent(tx, input.audit, {
      orgId: invitation.orgId,
      action: 'invitation.accepted',
      targets: [
        { type: 'invitation', id: invitation.id },
        { type: 'user', id: input.userId, label: invitation.email },
      ],
    })
    await switchOrganization(tx, { sessionId: input.sessionId, userId: input.userId, orgId: invitation.orgId, audit: input.audit })
    return invitation.org
  })
}
