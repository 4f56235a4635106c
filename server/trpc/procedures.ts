import { TRPCError } from '@trpc/server'
import { baseProcedure } from './init'
import { resolveAccess } from '../authz/access'
import type { Permission } from '../authz/permissions'
import type { AuditContext } from '../audit/append'
import type { Context } from './context'
import { logger } from '../logger'
import { readOnlySupportRole } from '../services/support/support-access'
import { allowedByAllowlist, recordDeniedRequest } from '../services/ip-allowlist/ip-allowlist'
import { signInRequirementMessage, unmetSignInRequirement } from '../auth/sign-in-policy'

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
 * Operator support staff (User.isStaff) outside any tenant: asking for
 * access, listing their own grants. Audited as actor STAFF.
 */
export const staffProcedure = baseProcedure.meta({ access: 'staff' }).use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' })
  const user = ctx.auth.user
  if (!user.isStaff) throw new TRPCError({ code: 'FORBIDDEN', message: 'Only Hireproof support staff can do this' })
  const audit: AuditContext = { ...userAuditContext(ctx, user), actor: { type: 'STAFF', id: user.id, email: user.email } }
  return next({ ctx: { ...ctx, auth: ctx.auth, user, session: ctx.auth.session, audit } })
})

/**
 * A signed-in user acting inside their active organization, with their
 * resolved access: an active member, or support staff under a live grant
 * (actor STAFF, grant id in every audit event). Staff without a grant get
 * NOT_FOUND, as for an organization that does not exist. The organization's
 * IP allowlist applies to everyone, staff included. Not used directly by
 * procedures: every tenant procedure declares a permission (see
 * permissionProcedure), and the isolation test fails for one that does not.
 */
const memberProcedure = authedProcedure.use(async ({ ctx, next, path }) => {
  // Loaded with the session (server/auth/request-auth.ts): no extra query.
  const { membership, supportGrant, ipAllowlist } = ctx.auth
  let org
  let access
  let audit = ctx.audit
  if (membership) {
    org = membership.org
    access = resolveAccess({ orgId: membership.orgId, userId: ctx.user.id, role: membership.role, overrides: membership.overrides })
  } else if (supportGrant) {
    org = supportGrant.org
    const role = supportGrant.scope === 'role' && supportGrant.role ? supportGrant.role : readOnlySupportRole
    access = resolveAccess({ orgId: supportGrant.orgId, userId: ctx.user.id, role, overrides: [] })
    audit = { ...audit, actor: { type: 'STAFF', id: ctx.user.id, email: ctx.user.email }, supportGrantId: supportGrant.id }
  } else if (ctx.user.isStaff) {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'Organization not found' })
  } else {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Choose an organization you are a member of' })
  }
  if (!allowedByAllowlist(ctx.meta.ip, ipAllowlist)) {
    await recordDeniedRequest(ctx.db, org.id, audit, path).catch((error: unknown) =>
      logger.warn('could not record a denied request', { error }),
    )
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `${org.name} accepts requests only from its allowed networks, and your address ${ctx.meta.ip} is not one of them.`,
    })
  }
  // The organization's sign-in rules bind its members; staff under a grant signed in to Hireproof, not to it.
  const requirement = membership
    ? unmetSignInRequirement(org, ctx.session, { hasTwoFactor: ctx.auth.hasTwoFactor, permissions: access.permissions })
    : null
  if (requirement) throw new TRPCError({ code: 'FORBIDDEN', message: signInRequirementMessage(requirement, org.name) })
  return next({ ctx: { ...ctx, org, access, audit, supportGrant } })
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
