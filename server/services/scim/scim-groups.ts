import { Prisma } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import { isUniqueViolation } from '../../db/errors'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { assertCanDelegate } from '../../authz/delegation'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { ScimError, invalidValue, uniqueness } from '../../scim/errors'
import { matchesFilter, parseFilter, simpleEquality } from '../../scim/filter'
import { projectAttributes } from '../../scim/attributes'
import { applyPatch, defaultPatchOptions } from '../../scim/patch'
import { groupResource, listResponse, pagination, parseGroupInput, type GroupInput, type ScimGroupRow } from '../../scim/resources'
import { membersInMappedGroups, recomputeGroupRoles } from './scim-roles'
import { requirePlanFeature } from '../billing/plans'
import type { ListQuery, ScimContext } from './scim-users'

/**
 * SCIM Groups of one organization. Members are referenced by SCIM User id
 * (membership id) and must belong to the organization. Membership changes
 * re-derive the roles of the members concerned when the group is mapped to a
 * role (see scim-roles.ts). Every change is audited with actor SCIM.
 */
const include = {
  members: { select: { membership: { select: { id: true, user: { select: { email: true } } } } } },
} satisfies Prisma.ScimGroupInclude

type Row = Prisma.ScimGroupGetPayload<{ include: typeof include }>

const notFound = (id: string) => new ScimError(404, `Group ${id.slice(0, 64)} not found`)
const asResource = (row: Row, ctx: ScimContext) => groupResource(row as ScimGroupRow, ctx.baseUrl)

async function findRow(db: DbClient, orgId: string, id: string): Promise<Row> {
  const row = await db.scimGroup.findFirst({ where: { id, orgId }, include })
  if (!row) throw notFound(id)
  return row
}

export async function getGroup(db: Database, ctx: ScimContext, id: string, query: ListQuery = {}) {
  return projectAttributes(asResource(await findRow(db.prisma, ctx.orgId, id), ctx), query)
}

export async function listGroups(db: Database, ctx: ScimContext, query: ListQuery) {
  const { startIndex, count } = pagination(query)
  const filter = query.filter ? parseFilter(query.filter) : null
  const equality = filter ? simpleEquality(filter) : null
  const where: Prisma.ScimGroupWhereInput = { orgId: ctx.orgId }
  let indexed = !filter
  if (equality) {
    const path = equality.path.toLowerCase()
    if (path === 'displayname') (where.displayName = { equals: equality.value, mode: 'insensitive' }), (indexed = true)
    else if (path === 'externalid') (where.externalId = equality.value), (indexed = true)
    else if (path === 'id') (where.id = equality.value), (indexed = true)
  }
  if (indexed) {
    const [total, rows] = await Promise.all([
      db.prisma.scimGroup.count({ where }),
      db.prisma.scimGroup.findMany({ where, include, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip: startIndex - 1, take: count }),
    ])
    return listResponse(rows.map((row) => projectAttributes(asResource(row, ctx), query)), total, startIndex)
  }
  const all = (await db.prisma.scimGroup.findMany({ where, include, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((row) => asResource(row, ctx))
  const matching = all.filter((resource) => matchesFilter(filter!, resource))
  return listResponse(matching.slice(startIndex - 1, startIndex - 1 + count).map((r) => projectAttributes(r, query)), matching.length, startIndex)
}

/** Unknown or foreign member ids are refused, naming the first one: the request changes nothing. */
async function assertMembersInOrg(tx: DbClient, orgId: string, memberIds: string[]) {
  if (memberIds.length === 0) return
  const found = await tx.membership.findMany({ where: { orgId, id: { in: memberIds } }, select: { id: true } })
  const known = new Set(found.map((m) => m.id))
  const unknown = memberIds.find((id) => !known.has(id))
  if (unknown) throw invalidValue(`Member ${unknown.slice(0, 64)} is not a user of this organization`)
}


export async function createGroup(db: Database, ctx: ScimContext, body: unknown) {
  const input = parseGroupInput(body)
  try {
    const row = await db.prisma.$transaction(async (tx) => {
      await assertMembersInOrg(tx, ctx.orgId, input.memberIds)
      const group = await tx.scimGroup.create({
        data: {
          orgId: ctx.orgId,
          displayName: input.displayName,
          externalId: input.externalId,
          members: { create: input.memberIds.map((membershipId) => ({ membershipId })) },
        },
      })
      await appendAuditEvent(tx, ctx.audit, {
        orgId: ctx.orgId,
        action: 'scim.group_created',
        targets: [{ type: 'scim_group', id: group.id, label: group.displayName }],
        metadata: { members: input.memberIds.length },
      })
      return findRow(tx, ctx.orgId, group.id)
    })
    return asResource(row, ctx)
  } catch (error) {
    if (isUniqueViolation(error)) throw uniqueness(`A group named "${input.displayName}" already exists`)
    throw error
  }
}

export async function replaceGroup(db: Database, ctx: ScimContext, id: string, body: unknown) {
  return applyGroupChange(db, ctx, id, () => parseGroupInput(body))
}

export async function patchGroup(db: Database, ctx: ScimContext, id: string, body: unknown) {
  return applyGroupChange(db, ctx, id, (current) => parseGroupInput(applyPatch(current, body, defaultPatchOptions)))
}

async function applyGroupChange(db: Database, ctx: ScimContext, id: string, next: (current: Record<string, unknown>) => GroupInput) {
  try {
    const row = await db.prisma.$transaction(async (tx) => {
      const before = await findRow(tx, ctx.orgId, id)
      const input = next(asResource(before, ctx))
      await assertMembersInOrg(tx, ctx.orgId, input.memberIds)
      const beforeIds = new Set(before.members.map((m) => m.membership.id))
      const afterIds = new Set(input.memberIds)
      const added = input.memberIds.filter((m) => !beforeIds.has(m))
      const removed = [...beforeIds].filter((m) => !afterIds.has(m))
      const hadMapped = await membersInMappedGroups(tx, ctx.orgId, removed)
      await tx.scimGroup.update({ where: { id }, data: { displayName: input.displayName, externalId: input.externalId } })
      if (removed.length) await tx.scimGroupMember.deleteMany({ where: { groupId: id, membershipId: { in: removed } } })
      if (added.length) await tx.scimGroupMember.createMany({ data: added.map((membershipId) => ({ groupId: id, membershipId })) })
      const renamed = input.displayName !== before.displayName || input.externalId !== before.externalId
      if (added.length || removed.length || renamed) {
        await appendAuditEvent(tx, ctx.audit, {
          orgId: ctx.orgId,
          action: 'scim.group_updated',
          targets: [{ type: 'scim_group', id, label: input.displayName }],
          metadata: { added, removed, ...(renamed ? { before: { displayName: before.displayName }, after: { displayName: input.displayName } } : {}) },
        })
      }
      await recomputeGroupRoles(tx, ctx.orgId, ctx.audit, [...added, ...removed], hadMapped)
      return findRow(tx, ctx.orgId, id)
    })
    return asResource(row, ctx)
  } catch (error) {
    if (isUniqueViolation(error)) throw uniqueness('Another group already has this displayName')
    throw error
  }
}

export async function deleteGroup(db: Database, ctx: ScimContext, id: string) {
  await db.prisma.$transaction(async (tx) => {
    const row = await findRow(tx, ctx.orgId, id)
    const memberIds = row.members.map((m) => m.membership.id)
    const hadMapped = await membersInMappedGroups(tx, ctx.orgId, memberIds)
    await tx.scimGroup.delete({ where: { id } })
    await appendAuditEvent(tx, ctx.audit, {
      orgId: ctx.orgId,
      action: 'scim.group_deleted',
      targets: [{ type: 'scim_group', id, label: row.displayName }],
      metadata: { members: memberIds.length },
    })
    await recomputeGroupRoles(tx, ctx.orgId, ctx.audit, memberIds, hadMapped)
  })
}

/** Admin side (tRPC): the organization's groups with their mapped roles. */
export async function listGroupMappings(db: Database, orgId: string) {
  const groups = await db.prisma.scimGroup.findMany({
    where: { orgId },
    orderBy: { displayName: 'asc' },
    select: { id: true, displayName: true, roleId: true, _count: { select: { members: true } } },
  })
  return groups.map((g) => ({ id: g.id, displayName: g.displayName, roleId: g.roleId, members: g._count.members }))
}

/** Maps a group to a role (or clears it with null); its members' roles follow at once. */
export async function mapGroupToRole(db: Database, access: Access, audit: AuditContext, input: { groupId: string; roleId: string | null }) {
  if (!access.permissions.has('members.manage')) throw new AppError('FORBIDDEN', 'You need the members.manage permission to do this')
  return db.prisma.$transaction(async (tx) => {
    const group = await tx.scimGroup.findFirst({ where: { id: input.groupId, orgId: access.orgId }, include: { members: true } })
    if (!group) throw new AppError('NOT_FOUND', 'Group not found')
    if (input.roleId) {
      // Mapping gives members a role at once; clearing a mapping stays possible on any plan.
      await requirePlanFeature(tx, access.orgId, 'scim')
      const role = await tx.role.findFirst({ where: { id: input.roleId, orgId: access.orgId } })
      if (!role) throw new AppError('NOT_FOUND', 'Role not found')
      if (role.key === 'owner') throw new AppError('UNPROCESSABLE', 'No group can grant the owner role; make owners by hand.')
      assertCanDelegate(access, role.permissions)
    }
    if (group.roleId === input.roleId) return { groupId: group.id, roleId: input.roleId }
    const memberIds = group.members.map((m) => m.membershipId)
    const hadMapped = await membersInMappedGroups(tx, access.orgId, memberIds)
    await tx.scimGroup.update({ where: { id: group.id }, data: { roleId: input.roleId } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'scim.group_role_mapped',
      targets: [{ type: 'scim_group', id: group.id, label: group.displayName }],
      metadata: { before: { roleId: group.roleId }, after: { roleId: input.roleId } },
    })
    await recomputeGroupRoles(tx, access.orgId, audit, memberIds, hadMapped)
    return { groupId: group.id, roleId: input.roleId }
  })
}
