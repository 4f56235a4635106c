import { authedProcedure } from '../../procedures'
import { confirmEnrolment } from '../../../services/two-factor/two-factor'
import { getSecretBox } from '../../../security/app-secret-box'
import { twoFactorCodeInput } from './two-factor-code.schema'

/** Turns the factor on after a valid code and signs out the user's other sessions; the recovery codes are returned this once. */
export const confirmTwoFactorEnrolmentProcedure = authedProcedure
  .input(twoFactorCodeInput)
  .mutation(({ ctx, input }) => confirmEnrolment(ctx.db, getSecretBox(ctx.env), ctx.user.id, input.code, new Date(), ctx.audit, ctx.session.id))
