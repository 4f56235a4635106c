import { authedProcedure } from '../../procedures'
import { listUserOrganizations } from '../../../services/orgs/orgs'
import { effectivePermissions } from '../../../authz/access'

/** The signed-in user, their organizations and what they may do in the active one. */
export const getMeProcedure = authedProcedure.query(async ({ ctx }) => {
  const memberships = await listUserOrganizations(ctx.db.prisma, ctx.user.id)
  // Loaded with the session (server/auth/request-auth.ts): no second query.
  const active = ctx.auth.membership
  return {
    user: { id: ctx.user.id, name: ctx.user.name, email: ctx.user.email, isPlatformAdmin: ctx.user.isPlatformAdmin },
    organizations: memberships.map((m) => ({ ...m.org, roleName: m.role.name })),
    activeOrg: active ? { id: active.org.id, name: active.org.name, plan: active.org.plan, region: active.org.region } : null,
    role: active ? { id: active.role.id, name: active.role.name } : null,
    // The same resolution the server enforces: (role ∪ grants) − denies.
    permissions: active ? [...effectivePermissions(active.role.permissions, active.overrides)] : [],
  }
})
