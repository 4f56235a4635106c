import { authedProcedure } from '../../procedures'
import { listUserOrganizations } from '../../../services/orgs/orgs'
import { effectivePermissions } from '../../../authz/access'
import { readOnlySupportRole } from '../../../services/support/support-access'
import { allowedByAllowlist } from '../../../services/ip-allowlist/ip-allowlist'
import { unmetSignInRequirement } from '../../../auth/sign-in-policy'
import { scheduledDeletionOf } from '../../../services/org-deletion/schedule'

/** The signed-in user, their organizations and what they may do in the active one. */
export const getMeProcedure = authedProcedure.query(async ({ ctx }) => {
  const memberships = await listUserOrganizations(ctx.db.prisma, ctx.user.id)
  // Loaded with the session (server/auth/request-auth.ts): no second query.
  const active = ctx.auth.membership
  const grant = ctx.auth.supportGrant
  const grantRole = grant ? (grant.scope === 'role' && grant.role ? grant.role : readOnlySupportRole) : null
  const activeOrg = active?.org ?? grant?.org ?? null
  // Outside the organization's allowed networks nothing of it is reachable: no permissions to show.
  const blockedByAllowlist = activeOrg !== null && !allowedByAllowlist(ctx.meta.ip, ctx.auth.ipAllowlist)
  const permissions = active
    ? effectivePermissions(active.role.permissions, active.overrides)
    : grantRole
      ? effectivePermissions(grantRole.permissions, [])
      : new Set<string>()
  // The organization's sign-in rules (SSO, two-factor) bind members, not staff under a grant.
  const signInRequirement = active ? unmetSignInRequirement(active.org, ctx.session, { hasTwoFactor: ctx.auth.hasTwoFactor, permissions }) : null
  // Every member is told when the organization is to be deleted (the banner), whatever their permissions.
  const orgDeletion = activeOrg && !blockedByAllowlist ? await scheduledDeletionOf(ctx.db, activeOrg.id) : null
  return {
    user: {
      id: ctx.user.id,
      name: ctx.user.name,
      email: ctx.user.email,
      isPlatformAdmin: ctx.user.isPlatformAdmin,
      isStaff: ctx.user.isStaff,
    },
    organizations: memberships.map((m) => ({ ...m.org, roleName: m.role.name })),
    activeOrg: activeOrg ? { id: activeOrg.id, name: activeOrg.name, slug: activeOrg.slug, plan: activeOrg.plan, region: activeOrg.region } : null,
    role: active ? { id: active.role.id, name: active.role.name } : grantRole ? { id: null, name: grantRole.name } : null,
    // The same resolution the server enforces: (role ∪ grants) − denies.
    permissions: blockedByAllowlist || signInRequirement ? [] : [...permissions],
    blockedByAllowlist,
    signInRequirement,
    hasTwoFactor: ctx.auth.hasTwoFactor,
    /** Support staff acting inside a customer's organization: the app shows a banner. */
    supportGrant: grant ? { id: grant.id, scope: grant.scope, expiresAt: grant.expiresAt, orgName: grant.org.name } : null,
    /** The active organization's scheduled deletion at the end of its contract: the app shows a banner. */
    orgDeletion,
  }
})
