import { permissionProcedure } from '../../procedures'
import { deleteRole } from '../../../services/roles/roles'
import { roleIdInput } from './role-id.schema'

export const deleteRoleProcedure = permissionProcedure('roles.manage')
  .input(roleIdInput)
  .mutation(async ({ ctx, input }) => {
    await deleteRole(ctx.db, ctx.access, ctx.audit, input.roleId)
    return { deleted: true }
  })
