import { permissionProcedure } from '../../procedures'
import { createRole } from '../../../services/roles/roles'
import { roleFieldsInput } from './role-fields.schema'

export const createRoleProcedure = permissionProcedure('roles.manage')
  .input(roleFieldsInput)
  .mutation(({ ctx, input }) => createRole(ctx.db, ctx.access, ctx.audit, input))
