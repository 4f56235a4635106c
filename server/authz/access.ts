import type { JobVisibility, OverrideEffect } from '@prisma/client'
import { isPermission, type Permission } from './permissions'

/**
 * What one member may do and see in one organization, resolved once per
 * request: effective permissions = (role ∪ grants) − denies, plus the role's
 * visibility settings. Unknown permission strings (e.g. from a removed
 * feature) grant nothing.
 */
export type Visibility = {
  jobVisibility: JobVisibility
  seeCandidateContact: boolean
  seeCompensation: boolean
  seeAiScores: boolean
  seeRecordings: boolean
}

export type Access = {
  orgId: string
  userId: string
  permissions: ReadonlySet<Permission>
  visibility: Visibility
}

export type OverrideRow = { permission: string; effect: OverrideEffect }

export function effectivePermissions(rolePermissions: readonly string[], overrides: readonly OverrideRow[]): Set<Permission> {
  const result = new Set<Permission>()
  for (const p of rolePermissions) if (isPermission(p)) result.add(p)
  for (const o of overrides) if (o.effect === 'GRANT' && isPermission(o.permission)) result.add(o.permission)
  for (const o of overrides) if (o.effect === 'DENY' && isPermission(o.permission)) result.delete(o.permission)
  return result
}

export function resolveAccess(input: {
  orgId: string
  userId: string
  role: Visibility & { permissions: readonly string[] }
  overrides: readonly OverrideRow[]
}): Access {
  const { role } = input
  return {
    orgId: input.orgId,
    userId: input.userId,
    permissions: effectivePermissions(role.permissions, input.overrides),
    visibility: {
      jobVisibility: role.jobVisibility,
      seeCandidateContact: role.seeCandidateContact,
      seeCompensation: role.seeCompensation,
      seeAiScores: role.seeAiScores,
      seeRecordings: role.seeRecordings,
    },
  }
}

export const can = (access: Access, permission: Permission) => access.permissions.has(permission)
