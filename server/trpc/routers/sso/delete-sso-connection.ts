import { permissionProcedure } from '../../procedures'
import { deleteSsoConnection } from '../../../services/sso/sso-connections'

export const deleteSsoConnectionProcedure = permissionProcedure('sso.manage').mutation(({ ctx }) => deleteSsoConnection(ctx.db, ctx.access, ctx.audit))
