import { authedProcedure } from '../../procedures'
import { disableTwoFactor } from '../../../services/two-factor/two-factor'
import { getSecretBox } from '../../../security/app-secret-box'
import { disableTwoFactorInput } from './two-factor-code.schema'

/** Re-authenticates (password and a code) before the factor is removed. */
export const disableTwoFactorProcedure = authedProcedure.input(disableTwoFactorInput).mutation(async ({ ctx, input }) => {
  await disableTwoFactor(ctx.db, getSecretBox(ctx.env), ctx.user.id, input, new Date(), ctx.audit)
  return { disabled: true }
})
