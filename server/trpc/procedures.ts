import { TRPCError } from '@trpc/server'
import { baseProcedure } from './init'
import { resolveAccess } from '../authz/access'
import type { Permission } from '../authz/permissions'
import type { AuditContext } from '../audit/append'
import type { Context } from './context'
import { logger } from '../logger'

/** The audit actor for a signed-in user's request. */
export function userAuditContext(ctx: Context, user: { id: string; email: string }): AuditContext {
  return {
    actor: { type: 'USER', id: user.id, email: user.email },
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    requestId: ctx.meta.requestId,
  }
}

/** No authentication: sign-in, sign-up, invitation lookup. */
export const publicProcedure = baseProcedure.meta({ access: 'public' })

/** A signed-in user, whatever organization they are in. */
export const authedProcedure = baseProcedure.meta({ access: 'authenticated' }).use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' })
  const auth = ctx.auth
  return next({ ctx: { ...ctx, auth, user: auth.user, session: auth.session, audit: userAuditContext(ctx, auth.user) } })
})

/**
 * The operator's platform console: signed-in users flagged isPlatformAdmin.
 * It reaches no tenant data; its mutations record PlatformAuditEvents.
 */
export const platformAdminProcedure = baseProcedure.meta({ access: 'platform' }).use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' })
  const user = ctx.auth.user
  if (!user.isPlatformAdmin) throw new TRPCError({ code: 'FORBIDDEN', message: 'Only Hireproof platform administrators can do this' })
  const platformActor = { id: user.id, email: user.email, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent, requestId: ctx.meta.requestId }
  return next({ ctx: { ...ctx, user, platformActor } })
})

/**
 * A signed-in user acting inside their active organization, as an active
 * member, with their resolved access. Not used directly by procedures: every
 * tenant procedure declares a permission (see permissionProcedure), and the
 * isolation test fails for one that does not.
 */
const memberProcedure = authedProcedure.use(({ ctx, next }) => {
  // Loaded with the session (server/auth/request-auth.ts): no extra query.
  const membership = ctx.auth.membership
  if (!membership) throw new TRPCError({ code: 'FORBIDDEN', message: 'Choose an organization you are a member of' })
  const access = resolveAccess({
    orgId: membership.orgId,
    userId: ctx.user.id,
    role: membership.role,
    overrides: membership.overrides,
  })
  const { org, overrides: _overrides, ...membershipWithRole } = membership
  return next({ ctx: { ...ctx, membership: membershipWithRole, org, access } })
})

/**
 * A member holding `permission` in their active organization. The check runs
 * before the input is parsed, so a caller without the permission learns
 * nothing from validation errors. Any failure while resolving denies.
 */
export function permissionProcedure(permission: Permission) {
  return memberProcedure.meta({ permission }).use(({ ctx, next }) => {
    let allowed = false
    try {
      allowed = ctx.access.permissions.has(permission)
    } catch (error) {
      logger.warn('permission resolution failed; denying', { permission, error })
    }
    if (!allowed) throw new TRPCError({ code: 'FORBIDDEN', message: `You need the ${permission} permission to do this` })
    return next()
  })
}
