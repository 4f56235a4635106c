import { permissionProcedure } from '../../procedures'
import { mapGroupToRole } from '../../../services/scim/scim-groups'
import { mapScimGroupInput } from './scim.schema'

/** Needs members.manage too (it changes members' roles), and only roles whose permissions the admin holds. */
export const mapScimGroupProcedure = permissionProcedure('scim.manage')
  .input(mapScimGroupInput)
  .mutation(({ ctx, input }) => mapGroupToRole(ctx.db, ctx.access, ctx.audit, input))
