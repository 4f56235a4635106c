import type { Organization, Prisma, User } from '@prisma/client'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { createBuiltInRoles, slugify } from '../orgs/orgs'
import { suspendMembership } from '../members/members'

/**
 * The changes Clerk's webhooks make to our records, each inside the caller's
 * transaction and audited there. Clerk decides who belongs to an
 * organization and whether they administer it; Hireproof keeps everything
 * else (roles beyond admin/member, overrides, tenant data).
 */

/** Clerk's admin role; every other Clerk role is a plain member here. */
export const clerkAdminRole = 'org:admin'
export const adminRoleKey = 'admin'
/**
 * The least-privileged built-in role: sees only jobs they are assigned to,
 * without candidate contact details or pay, and can only write scorecards.
 * Hireproof admins give more from there.
 */
export const memberRoleKey = 'interviewer'
const adminLevelKeys = new Set(['owner', adminRoleKey])

/**
 * The built-in role a Clerk role calls for, or null to keep the current one.
 * Clerk decides admin or not: `org:admin` needs an admin-level role (owner or
 * admin, else admin); any other role must not keep one (back to the member
 * role). A non-admin role chosen in Hireproof (recruiter, a custom profile)
 * survives Clerk updates.
 */
export function roleKeyFor(clerkRole: string, currentKey: string | null): string | null {
  if (clerkRole === clerkAdminRole) return currentKey && adminLevelKeys.has(currentKey) ? null : adminRoleKey
  if (currentKey === null || adminLevelKeys.has(currentKey)) return memberRoleKey
  return null
}

export type ClerkOrgPayload = { id: string; name: string; slug?: string | null }
export type MirrorOutcome = { status: 'processed' | 'skipped'; detail: string }

const processed = (detail: string): MirrorOutcome => ({ status: 'processed', detail })
export const skipped = (detail: string): MirrorOutcome => ({ status: 'skipped', detail })
const userTarget = (user: Pick<User, 'id' | 'email'>) => ({ type: 'user', id: user.id, label: user.email })
const orgTarget = (org: Pick<Organization, 'id' | 'name'>) => ({ type: 'organization', id: org.id, label: org.name })

/**
 * Our organization for a Clerk organization, created on first sight with the
 * built-in role profiles (as server/services/orgs creates them) and no
 * members: Clerk's membership events add them. Never matched by name or
 * slug, only by clerkOrgId.
 */
export async function ensureOrganization(tx: Prisma.TransactionClient, audit: AuditContext, clerkOrg: ClerkOrgPayload) {
  const existing = await tx.organization.findUnique({ where: { clerkOrgId: clerkOrg.id } })
  if (existing) return { org: existing, created: false }
  const name = clerkOrg.name.trim().slice(0, 200) || 'Organization'
  const org = await tx.organization.create({ data: { name, slug: slugify(clerkOrg.slug || name), clerkOrgId: clerkOrg.id } })
  await createBuiltInRoles(tx, org.id)
  await appendAuditEvent(tx, audit, {
    orgId: org.id,
    action: 'clerk.org_created',
    targets: [orgTarget(org)],
    metadata: { clerkOrgId: clerkOrg.id, after: { name: org.name, plan: org.plan, region: org.region } },
  })
  return { org, created: true }
}

/** organization.created / organization.updated: create, or follow a rename. The slug stays as it was. */
export async function upsertOrganization(
  tx: Prisma.TransactionClient,
  audit: AuditContext,
  clerkOrg: ClerkOrgPayload,
): Promise<MirrorOutcome> {
  const { org, created } = await ensureOrganization(tx, audit, clerkOrg)
  if (created) return processed('organization created')
  const name = clerkOrg.name.trim().slice(0, 200)
  if (!name || name === org.name) return processed('organization unchanged')
  await tx.organization.update({ where: { id: org.id }, data: { name } })
  await appendAuditEvent(tx, audit, {
    orgId: org.id,
    action: 'clerk.org_updated',
    targets: [orgTarget({ id: org.id, name })],
    metadata: { before: { name: org.name }, after: { name } },
  })
  return processed('organization renamed')
}

/**
 * organization.deleted: nobody gets in any more, nothing is deleted. Every
 * membership is suspended, every session working in it ends, and pending
 * invitations are revoked (accepting one would open a membership again).
 */
export async function deactivateOrganization(tx: Prisma.TransactionClient, audit: AuditContext, org: Organization, now: Date) {
  const memberships = await tx.membership.updateMany({ where: { orgId: org.id, status: 'ACTIVE' }, data: { status: 'SUSPENDED' } })
  const sessions = await tx.session.updateMany({ where: { activeOrgId: org.id, revokedAt: null }, data: { revokedAt: now } })
  const invitations = await tx.invitation.updateMany({
    where: { orgId: org.id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  })
  await appendAuditEvent(tx, audit, {
    orgId: org.id,
    action: 'clerk.org_deleted',
    targets: [orgTarget(org)],
    metadata: { membershipsSuspended: memberships.count, sessionsEnded: sessions.count, invitationsRevoked: invitations.count },
  })
  return processed(`organization deactivated: ${memberships.count} memberships suspended, ${sessions.count} sessions ended`)
}

/**
 * organizationMembership.created / updated. A missing membership is created
 * (an `updated` may overtake its `created`). `reactivate` (created events
 * only: Clerk added the person again) lifts a suspension; an update never
 * does, so a suspension made in Hireproof, or by an earlier removal in
 * Clerk, stands.
 */
export async function applyMembership(
  tx: Prisma.TransactionClient,
  audit: AuditContext,
  input: { org: Organization; user: User; clerkRole: string; reactivate: boolean },
): Promise<MirrorOutcome> {
  const { org, user } = input
  const current = await tx.membership.findUnique({
    where: { orgId_userId: { orgId: org.id, userId: user.id } },
    include: { role: true },
  })
  const roleKey = roleKeyFor(input.clerkRole, current?.role.key ?? null)
  const role = roleKey ? await tx.role.findUnique({ where: { orgId_key: { orgId: org.id, key: roleKey } } }) : null
  if (roleKey && !role) return skipped(`the organization has no "${roleKey}" role`)
  if (!current) {
    await tx.membership.create({ data: { orgId: org.id, userId: user.id, roleId: role!.id, provisionedBy: 'clerk' } })
    await appendAuditEvent(tx, audit, {
      orgId: org.id,
      action: 'clerk.member_added',
      targets: [userTarget(user), { type: 'role', id: role!.id, label: role!.name }],
      metadata: { role: role!.name, clerkRole: input.clerkRole },
    })
    return processed('membership created')
  }
  const reactivating = input.reactivate && current.status === 'SUSPENDED'
  const roleChanging = role !== null && role.id !== current.roleId
  if (!reactivating && !roleChanging) {
    return processed(current.status === 'SUSPENDED' ? 'membership stays suspended' : 'membership unchanged')
  }
  const after = role ?? current.role
  await tx.membership.update({
    where: { id: current.id },
    data: { roleId: after.id, ...(reactivating ? { status: 'ACTIVE' as const } : {}) },
  })
  await appendAuditEvent(tx, audit, {
    orgId: org.id,
    action: reactivating ? 'clerk.member_reactivated' : 'clerk.member_role_changed',
    targets: [userTarget(user), { type: 'role', id: after.id, label: after.name }],
    metadata: {
      clerkRole: input.clerkRole,
      before: { roleId: current.roleId, role: current.role.name, status: current.status },
      after: { roleId: after.id, role: after.name, status: reactivating ? 'ACTIVE' : current.status },
    },
  })
  return processed(reactivating ? 'membership reactivated' : 'role changed')
}

/**
 * organizationMembership.deleted: like suspendMember in server/services/members
 * (membership suspended, the member's sessions working in the organization
 * ended, other organizations untouched), without its checks on the acting
 * admin: Clerk already decided.
 */
export async function removeMembership(
  tx: Prisma.TransactionClient,
  audit: AuditContext,
  input: { org: Organization; user: User },
  now: Date,
): Promise<MirrorOutcome> {
  const { org, user } = input
  const membership = await tx.membership.findUnique({
    where: { orgId_userId: { orgId: org.id, userId: user.id } },
    include: { role: true },
  })
  if (!membership) return processed('no membership here')
  if (membership.status === 'SUSPENDED') return processed('membership already suspended')
  const count = await suspendMembership(tx, membership, now)
  await appendAuditEvent(tx, audit, {
    orgId: org.id,
    action: 'clerk.member_removed',
    targets: [userTarget(user)],
    metadata: { sessionsEnded: count, role: membership.role.name },
  })
  return processed(`membership suspended, ${count} sessions ended`)
}

/**
 * user.deleted: every membership suspended (audited in each organization) and
 * every session ended. The user row stays, so the audit trail keeps its
 * subject; the tombstone keeps it from being mapped again.
 */
export async function suspendUserEverywhere(
  tx: Prisma.TransactionClient,
  audit: AuditContext,
  user: User,
  now: Date,
): Promise<MirrorOutcome> {
  const memberships = await tx.membership.findMany({
    where: { userId: user.id, status: 'ACTIVE' },
    include: { role: true },
    orderBy: { orgId: 'asc' },
  })
  for (const membership of memberships) {
    const count = await suspendMembership(tx, membership, now)
    await appendAuditEvent(tx, audit, {
      orgId: membership.orgId,
      action: 'clerk.user_deleted',
      targets: [userTarget(user)],
      metadata: { sessionsEnded: count, role: membership.role.name },
    })
  }
  const rest = await tx.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } })
  return processed(`${memberships.length} memberships suspended, sessions ended (${rest.count} outside them)`)
}

/**
 * session.ended / removed / revoked: our mirrored session ends. A session we
 * have not seen yet gets an ended row right away, so a token minted before
 * the revocation cannot open it later (needs the user to be known here).
 */
export async function endMirroredSession(
  tx: Prisma.TransactionClient,
  audit: AuditContext,
  input: { tokenHash: string; user: User | null; reason: string },
  now: Date,
): Promise<MirrorOutcome> {
  const existing = await tx.session.findUnique({ where: { tokenHash: input.tokenHash }, select: { id: true } })
  if (!existing) {
    if (!input.user) return skipped('session and user not known here')
    const ended = { createdAt: now, rotatedAt: now, lastSeenAt: now, expiresAt: now, revokedAt: now }
    await tx.session.createMany({
      data: [{ tokenHash: input.tokenHash, userId: input.user.id, authMethod: 'clerk', ...ended }],
      skipDuplicates: true,
    })
  }
  // Also ends a row a concurrent first request inserted after the lookup above.
  const { count } = await tx.session.updateMany({ where: { tokenHash: input.tokenHash, revokedAt: null }, data: { revokedAt: now } })
  if (!count) return processed(existing ? 'session already ended' : 'session recorded as ended')
  const session = await tx.session.findUniqueOrThrow({
    where: { tokenHash: input.tokenHash },
    include: { user: { select: { id: true, email: true } } },
  })
  if (session.activeOrgId) {
    await appendAuditEvent(tx, audit, {
      orgId: session.activeOrgId,
      action: 'clerk.session_ended',
      targets: [{ type: 'session', id: session.id }, userTarget(session.user)],
      metadata: { reason: input.reason },
    })
  }
  return processed('session ended')
}
