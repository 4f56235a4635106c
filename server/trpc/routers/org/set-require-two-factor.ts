import { permissionProcedure } from '../../procedures'
import { setRequireTwoFactor } from '../../../services/orgs/security-settings'
import { setRequireTwoFactorInput } from './security-settings.schema'

export const setRequireTwoFactorProcedure = permissionProcedure('org.update')
  .input(setRequireTwoFactorInput)
  .mutation(({ ctx, input }) =>
    setRequireTwoFactor(ctx.db, ctx.access, ctx.audit, { session: ctx.session, hasTwoFactor: ctx.auth.hasTwoFactor }, input.required),
  )
