import { permissionProcedure } from '../../procedures'
import { updateRole } from '../../../services/roles/roles'
import { updateRoleInput } from './update-role.schema'

export const updateRoleProcedure = permissionProcedure('roles.manage')
  .input(updateRoleInput)
  .mutation(({ ctx, input: { roleId, ...fields } }) => updateRole(ctx.db, ctx.access, ctx.audit, roleId, fields))
