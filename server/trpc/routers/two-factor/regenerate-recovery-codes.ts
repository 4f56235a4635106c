import { authedProcedure } from '../../procedures'
import { regenerateRecoveryCodes } from '../../../services/two-factor/two-factor'
import { getSecretBox } from '../../../security/app-secret-box'
import { twoFactorCodeInput } from './two-factor-code.schema'

export const regenerateRecoveryCodesProcedure = authedProcedure
  .input(twoFactorCodeInput)
  .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx.db, getSecretBox(ctx.env), ctx.user.id, input.code, new Date(), ctx.audit))
