import { permissionProcedure } from '../../procedures'
import { createScimToken } from '../../../services/scim/scim-tokens'
import { createScimTokenInput } from './scim.schema'

/** The token value is in this answer only. */
export const createScimTokenProcedure = permissionProcedure('scim.manage')
  .input(createScimTokenInput)
  .mutation(({ ctx, input }) => createScimToken(ctx.db, ctx.access, ctx.audit, input))
