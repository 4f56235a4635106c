import { permissionProcedure } from '../../procedures'
import { getRole } from '../../../services/roles/roles'
import { roleIdInput } from './role-id.schema'

export const getRoleProcedure = permissionProcedure('roles.read')
  .input(roleIdInput)
  .query(({ ctx, input }) => getRole(ctx.db, ctx.org.id, input.roleId))
