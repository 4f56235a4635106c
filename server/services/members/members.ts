import type { OverrideEffect } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import { AppError } from '../../errors'
import { effectivePermissions, type Access } from '../../authz/access'
import { assertCanDelegate } from '../../authz/delegation'
import { allPermissions, isPermission, type Permission } from '../../authz/permissions'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

async function findMembership(db: Database, orgId: string, membershipId: string) {
  const membership = await db.prisma.membership.findFirst({
    where: { id: membershipId, orgId },
    include: { role: true, user: { select: { id: true, name: true, email: true } }, overrides: true },
  })
  if (!membership) throw new AppError('NOT_FOUND', 'Member not found')
  return membership
}

export function listMembers(db: Database, orgId: string) {
  return db.prisma.membership.findMany({
    where: { orgId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      status: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
      role: { select: { id: true, name: true } },
      _count: { select: { overrides: true } },
    },
  })
}

/** Role, overrides and the resulting permissions of one member, for the admin view. */
export async function getMemberAccess(db: Database, orgId: string, membershipId: string) {
  const m = await findMembership(db, orgId, membershipId)
  const effective = effectivePermissions(m.role.permissions, m.overrides)
  return {
    membership: { id: m.id, status: m.status },
    user: m.user,
    role: { id: m.role.id, name: m.role.name, permissions: m.role.permissions.filter(isPermission) },
    overrides: m.overrides.map((o) => ({ permission: o.permission, effect: o.effect, reason: o.reason, createdAt: o.createdAt })),
    effective: allPermissions.filter((p) => effective.has(p)),
  }
}

async function assertOwnerRemains(db: Database, orgId: string, membershipId: string) {
  const owners = await db.prisma.membership.count({
    where: { orgId, status: 'ACTIVE', role: { key: 'owner' }, id: { not: membershipId } },
  })
  if (owners === 0) throw new AppError('CONFLICT', 'An organization needs at least one owner. Make someone else owner first.')
}

export async function changeMemberRole(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { membershipId: string; roleId: string },
) {
  const membership = await findMembership(db, access.orgId, input.membershipId)
  const role = await db.prisma.role.findFirst({ where: { id: input.roleId, orgId: access.orgId } })
  if (!role) throw new AppError('NOT_FOUND', 'Role not found', { roleId: 'Choose a role of this organization' })
  if (membership.roleId === role.id) return membership
  assertCanDelegate(access, role.permissions)
  // Taking a role away is handing out less, but it must not strip the last owner.
  if (membership.role.key === 'owner') await assertOwnerRemains(db, access.orgId, membership.id)
  return db.prisma.$transaction(async (tx) => {
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { roleId: role.id } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'member.role_changed',
      targets: [
        { type: 'user', id: membership.user.id, label: membership.user.email },
        { type: 'role', id: role.id, label: role.name },
      ],
      metadata: { before: { roleId: membership.roleId, role: membership.role.name }, after: { roleId: role.id, role: role.name } },
    })
    return updated
  })
}

/**
 * Grants or denies one permission to one member on top of their role, or
 * removes the override (effect null). Nobody overrides their own access.
 */
export async function setPermissionOverride(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { membershipId: string; permission: Permission; effect: OverrideEffect | null; reason: string },
) {
  const membership = await findMembership(db, access.orgId, input.membershipId)
  if (membership.userId === access.userId) {
    throw new AppError('FORBIDDEN', 'You cannot change your own permissions. Ask another admin.')
  }
  if (input.effect === 'GRANT') assertCanDelegate(access, [input.permission])
  const existing = membership.overrides.find((o) => o.permission === input.permission)
  const target = { type: 'user', id: membership.user.id, label: membership.user.email }
  return db.prisma.$transaction(async (tx) => {
    if (input.effect === null) {
      if (!existing) return null
      await tx.permissionOverride.delete({ where: { id: existing.id } })
      await appendAuditEvent(tx, audit, {
        orgId: access.orgId,
        action: 'member.override_cleared',
        targets: [target],
        metadata: { permission: input.permission, before: { effect: existing.effect } },
      })
      return null
    }
    const override = await tx.permissionOverride.upsert({
      where: { membershipId_permission: { membershipId: membership.id, permission: input.permission } },
      create: {
        orgId: access.orgId,
        membershipId: membership.id,
        permission: input.permission,
        effect: input.effect,
        reason: input.reason,
        createdById: access.userId,
      },
      update: { effect: input.effect, reason: input.reason, createdById: access.userId },
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'member.override_set',
      targets: [target],
      metadata: {
        permission: input.permission,
        reason: input.reason,
        before: existing ? { effect: existing.effect } : null,
        after: { effect: input.effect },
      },
    })
    return override
  })
}

/**
 * Suspends a member: they lose access to the organization, and every session
 * of theirs working in it ends at once (sessions in their other
 * organizations are untouched). Nobody suspends themselves, the last owner,
 * or a member holding permissions they do not hold.
 */
export async function suspendMember(db: Database, access: Access, audit: AuditContext, input: { membershipId: string }, now = new Date()) {
  const membership = await findMembership(db, access.orgId, input.membershipId)
  if (membership.userId === access.userId) throw new AppError('UNPROCESSABLE', 'You cannot suspend yourself. Ask another admin.')
  if (membership.status === 'SUSPENDED') throw new AppError('CONFLICT', 'This member is already suspended.')
  assertCanDelegate(access, membership.role.permissions)
  if (membership.role.key === 'owner') await assertOwnerRemains(db, access.orgId, membership.id)
  return db.prisma.$transaction(async (tx) => {
    const count = await suspendMembership(tx, membership, now)
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'member.suspended',
      targets: [{ type: 'user', id: membership.user.id, label: membership.user.email }],
      metadata: { sessionsEnded: count, role: membership.role.name },
    })
    return { sessionsEnded: count }
  })
}

/**
 * Suspends a membership and ends its sessions in that organization (the
 * person's other organizations are untouched), in the caller's transaction.
 * Shared by admins, SCIM deactivation and Clerk's membership removal; each
 * caller checks who may do it and writes its own audit event. Returns the
 * number of sessions ended.
 */
export async function suspendMembership(tx: DbClient, membership: { id: string; userId: string; orgId: string }, now = new Date()) {
  await tx.membership.update({ where: { id: membership.id }, data: { status: 'SUSPENDED' } })
  return endSessionsInOrg(tx, membership.userId, membership.orgId, now)
}

/** Ends the user's sessions that are inside this organization; their other organizations are untouched. */
export async function endSessionsInOrg(tx: DbClient, userId: string, orgId: string, now = new Date()) {
  const { count } = await tx.session.updateMany({ where: { userId, activeOrgId: orgId, revokedAt: null }, data: { revokedAt: now } })
  return count
}

/** Gives a suspended member their access back, with the role they had. */
export async function reactivateMember(db: Database, access: Access, audit: AuditContext, input: { membershipId: string }) {
  const membership = await findMembership(db, access.orgId, input.membershipId)
  if (membership.status === 'ACTIVE') throw new AppError('CONFLICT', 'This member is already active.')
  assertCanDelegate(access, membership.role.permissions)
  return db.prisma.$transaction(async (tx) => {
    await tx.membership.update({ where: { id: membership.id }, data: { status: 'ACTIVE' } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'member.reactivated',
      targets: [{ type: 'user', id: membership.user.id, label: membership.user.email }],
      metadata: { role: membership.role.name },
    })
    return { status: 'ACTIVE' as const }
  })
}
