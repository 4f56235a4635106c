import { permissionProcedure } from '../../procedures'
import { revokeScimToken } from '../../../services/scim/scim-tokens'
import { revokeScimTokenInput } from './scim.schema'

export const revokeScimTokenProcedure = permissionProcedure('scim.manage')
  .input(revokeScimTokenInput)
  .mutation(({ ctx, input }) => revokeScimToken(ctx.db, ctx.access, ctx.audit, input))
