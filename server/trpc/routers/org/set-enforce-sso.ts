import { permissionProcedure } from '../../procedures'
import { setEnforceSso } from '../../../services/orgs/security-settings'
import { setEnforceSsoInput } from './security-settings.schema'

export const setEnforceSsoProcedure = permissionProcedure('sso.manage')
  .input(setEnforceSsoInput)
  .mutation(({ ctx, input }) => setEnforceSso(ctx.db, ctx.access, ctx.audit, input.enforced))
