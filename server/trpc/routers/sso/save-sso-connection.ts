import { permissionProcedure } from '../../procedures'
import { saveSsoConnection } from '../../../services/sso/sso-connections'
import { saveSsoConnectionInput } from './sso.schema'

export const saveSsoConnectionProcedure = permissionProcedure('sso.manage')
  .input(saveSsoConnectionInput)
  .mutation(({ ctx, input }) => saveSsoConnection(ctx.db, ctx.access, ctx.audit, input))
