import { permissionProcedure } from '../../procedures'
import { setSsoConnectionEnabled } from '../../../services/sso/sso-connections'
import { setSsoEnabledInput } from './sso.schema'

export const setSsoEnabledProcedure = permissionProcedure('sso.manage')
  .input(setSsoEnabledInput)
  .mutation(({ ctx, input }) => setSsoConnectionEnabled(ctx.db, ctx.access, ctx.audit, input.enabled))
