import { TRPCError } from '@trpc/server'
import type { Membership, Organization, Role } from '@prisma/client'
import { baseProcedure } from './init'
import { findActiveMembership } from '../services/orgs/orgs'
import { isPermission, type Permission } from '../authz/permissions'
import { logger } from '../logger'

/** No authentication: sign-in, sign-up, public trust-center data. */
export const publicProcedure = baseProcedure

/** A signed-in user, whatever organization they are in. */
export const authedProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' })
  return next({ ctx: { ...ctx, user: ctx.auth.user, session: ctx.auth.session } })
})

export type MemberContext = { membership: Membership & { role: Role }; org: Organization }

/** A signed-in user acting inside their active organization, as an active member. */
export const memberProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const orgId = ctx.session.activeOrgId
  const membership = orgId ? await findActiveMembership(ctx.db.prisma, { userId: ctx.user.id, orgId }) : null
  if (!membership) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Choose an organization you are a member of' })
  }
  const { org, ...membershipWithRole } = membership
  return next({ ctx: { ...ctx, membership: membershipWithRole, org } })
})

/**
 * A member holding `permission` in their active organization. Any failure
 * while resolving permissions denies (deny on doubt).
 */
export function permissionProcedure(permission: Permission) {
  return memberProcedure.meta({ permission }).use(async ({ ctx, next }) => {
    let allowed = false
    try {
      allowed = isPermission(permission) && ctx.membership.role.permissions.includes(permission)
    } catch (error) {
      logger.warn('permission resolution failed; denying', { permission, error })
      allowed = false
    }
    if (!allowed) throw new TRPCError({ code: 'FORBIDDEN', message: `Missing permission: ${permission}` })
    return next()
  })
}
