import crypto from 'node:crypto'
import type { JobVisibility } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { assertCanDelegate, assertDependenciesMet } from '../../authz/delegation'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

export type RoleFields = {
  name: string
  description: string
  permissions: string[]
  jobVisibility: JobVisibility
  seeCandidateContact: boolean
  seeCompensation: boolean
  seeAiScores: boolean
  seeRecordings: boolean
}

const roleSnapshot = (role: RoleFields) => ({
  name: role.name,
  description: role.description,
  permissions: [...role.permissions].sort(),
  jobVisibility: role.jobVisibility,
  seeCandidateContact: role.seeCandidateContact,
  seeCompensation: role.seeCompensation,
  seeAiScores: role.seeAiScores,
  seeRecordings: role.seeRecordings,
})

export function listRoles(db: Database, orgId: string) {
  return db.prisma.role.findMany({
    where: { orgId },
    orderBy: [{ builtIn: 'desc' }, { createdAt: 'asc' }],
    include: { _count: { select: { memberships: true } } },
  })
}

export async function getRole(db: Database, orgId: string, roleId: string) {
  const role = await db.prisma.role.findFirst({
    where: { id: roleId, orgId },
    include: { _count: { select: { memberships: true } } },
  })
  if (!role) throw new AppError('NOT_FOUND', 'Role not found')
  return role
}

async function assertNameFree(db: Database, orgId: string, name: string, exceptRoleId?: string) {
  const clash = await db.prisma.role.findFirst({
    where: { orgId, name: { equals: name, mode: 'insensitive' }, ...(exceptRoleId ? { id: { not: exceptRoleId } } : {}) },
    select: { id: true },
  })
  if (clash) throw new AppError('CONFLICT', `A role named "${name}" already exists`, { name: 'Choose another name' })
}

/** Creates a custom role. Its permissions must satisfy their dependencies and be held by the creator. */
export async function createRole(db: Database, access: Access, audit: AuditContext, fields: RoleFields) {
  assertDependenciesMet(fields.permissions)
  assertCanDelegate(access, fields.permissions)
  await assertNameFree(db, access.orgId, fields.name)
  return db.prisma.$transaction(async (tx) => {
    const role = await tx.role.create({
      data: { ...fields, orgId: access.orgId, key: `custom_${crypto.randomBytes(5).toString('hex')}`, builtIn: false },
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'role.created',
      targets: [{ type: 'role', id: role.id, label: role.name }],
      metadata: { after: roleSnapshot(role) },
    })
    return role
  })
}

/** Edits a custom role; built-in roles are templates and are copied instead. */
export async function updateRole(db: Database, access: Access, audit: AuditContext, roleId: string, fields: RoleFields) {
  const before = await getRole(db, access.orgId, roleId)
  if (before.builtIn) throw new AppError('FORBIDDEN', 'Built-in roles cannot be edited. Copy it into a custom role instead.')
  assertDependenciesMet(fields.permissions)
  assertCanDelegate(access, fields.permissions)
  await assertNameFree(db, access.orgId, fields.name, roleId)
  return db.prisma.$transaction(async (tx) => {
    const role = await tx.role.update({ where: { id: before.id }, data: fields })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'role.updated',
      targets: [{ type: 'role', id: role.id, label: role.name }],
      metadata: { before: roleSnapshot(before), after: roleSnapshot(role) },
    })
    return role
  })
}

/** Deletes a custom role that nobody holds and no pending invitation offers. */
export async function deleteRole(db: Database, access: Access, audit: AuditContext, roleId: string) {
  const role = await getRole(db, access.orgId, roleId)
  if (role.builtIn) throw new AppError('FORBIDDEN', 'Built-in roles cannot be deleted')
  return db.prisma.$transaction(async (tx) => {
    const [members, invitations] = await Promise.all([
      tx.membership.count({ where: { roleId: role.id } }),
      tx.invitation.count({ where: { roleId: role.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } }),
    ])
    if (members > 0 || invitations > 0) {
      throw new AppError(
        'CONFLICT',
        `"${role.name}" is assigned to ${members} member(s) and ${invitations} pending invitation(s). Move them to another role first.`,
      )
    }
    await tx.role.delete({ where: { id: role.id } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'role.deleted',
      targets: [{ type: 'role', id: role.id, label: role.name }],
      metadata: { before: roleSnapshot(role) },
    })
  })
}
