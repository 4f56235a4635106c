import type { DbClient } from '../../db/types'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

/**
 * Roles of SCIM-managed members.
 * - A provisioned member starts with the default role: the SSO connection's
 *   default role when there is one, else the least-privileged built-in role
 *   (viewer).
 * - An admin may map a SCIM group to a role. A member in at least one mapped
 *   group holds the mapped role with the most permissions; a member who
 *   leaves their last mapped group returns to the default role. Members never
 *   in a mapped group keep whatever role admins gave them by hand.
 * - Owners are never changed by SCIM (an organization keeps its owners), and
 *   no group can be mapped to the owner role.
 */
export async function scimDefaultRoleId(tx: DbClient, orgId: string): Promise<string> {
  const connection = await tx.ssoConnection.findUnique({ where: { orgId }, select: { defaultRoleId: true } })
  if (connection) return connection.defaultRoleId
  const viewer = await tx.role.findUniqueOrThrow({ where: { orgId_key: { orgId, key: 'viewer' } }, select: { id: true } })
  return viewer.id
}


/**
 * Brings the roles of `membershipIds` in line with their mapped groups (see
 * above). `hadMappedGroup` lists members who were in a mapped group before
 * the change, so that leaving the last one returns them to the default role.
 */
export async function recomputeGroupRoles(
  tx: DbClient,
  orgId: string,
  audit: AuditContext,
  membershipIds: string[],
  hadMappedGroup: ReadonlySet<string> = new Set(),
) {
  if (membershipIds.length === 0) return
  const members = await tx.membership.findMany({
    where: { orgId, id: { in: membershipIds } },
    include: {
      role: true,
      user: { select: { email: true } },
      scimGroups: { include: { group: { select: { roleId: true } } } },
    },
  })
  const mappedRoleIds = [...new Set(members.flatMap((m) => m.scimGroups.map((g) => g.group.roleId).filter((id): id is string => id !== null)))]
  const roles = await tx.role.findMany({ where: { orgId, id: { in: mappedRoleIds } } })
  const byId = new Map(roles.map((r) => [r.id, r]))
  let defaultRoleId: string | null = null
  for (const member of members) {
    if (member.role.key === 'owner') continue
    const candidates = member.scimGroups
      .map((g) => (g.group.roleId ? byId.get(g.group.roleId) : undefined))
      .filter((r): r is NonNullable<typeof r> => r !== undefined && r.key !== 'owner')
      .sort((a, b) => b.permissions.length - a.permissions.length || a.name.localeCompare(b.name))
    let roleId: string | null = candidates[0]?.id ?? null
    if (!roleId && hadMappedGroup.has(member.id)) roleId = defaultRoleId ??= await scimDefaultRoleId(tx, orgId)
    if (!roleId || roleId === member.roleId) continue
    await tx.membership.update({ where: { id: member.id }, data: { roleId } })
    await appendAuditEvent(tx, audit, {
      orgId,
      action: 'member.role_changed',
      targets: [{ type: 'user', id: member.id, label: member.user.email }],
      metadata: { before: { roleId: member.roleId, role: member.role.name }, after: { roleId }, reason: 'scim_group_mapping' },
    })
  }
}

/** Members of `groupIds` currently in at least one role-mapped group. */
export async function membersInMappedGroups(tx: DbClient, orgId: string, membershipIds: string[]) {
  const rows = await tx.scimGroupMember.findMany({
    where: { membershipId: { in: membershipIds }, group: { orgId, roleId: { not: null } } },
    select: { membershipId: true },
  })
  return new Set(rows.map((r) => r.membershipId))
}
