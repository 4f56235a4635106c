import { permissionProcedure } from '../../procedures'
import { listRoles } from '../../../services/roles/roles'

export const listRolesProcedure = permissionProcedure('roles.read').query(({ ctx }) => listRoles(ctx.db, ctx.org.id))
