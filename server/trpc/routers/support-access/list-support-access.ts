import { permissionProcedure } from '../../procedures'
import { listSupportAccess } from '../../../services/support/support-access'

/** Active grants, open requests and history, for the organization's admins. */
export const listSupportAccessProcedure = permissionProcedure('support_access.manage').query(({ ctx }) => listSupportAccess(ctx.db, ctx.org.id))
