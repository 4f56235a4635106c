import { permissionProcedure } from '../../procedures'
import { listScimTokens } from '../../../services/scim/scim-tokens'
import { listGroupMappings } from '../../../services/scim/scim-groups'

/** Tokens (never their values) and the groups SCIM created, with the roles they map to. */
export const listScimTokensProcedure = permissionProcedure('scim.manage').query(async ({ ctx }) => ({
  baseUrl: `${ctx.env.appUrl}/scim/v2`,
  plan: ctx.org.plan,
  tokens: await listScimTokens(ctx.db, ctx.org.id),
  groups: await listGroupMappings(ctx.db, ctx.org.id),
}))
