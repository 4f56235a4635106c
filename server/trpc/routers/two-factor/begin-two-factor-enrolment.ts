import { authedProcedure } from '../../procedures'
import { beginEnrolment } from '../../../services/two-factor/two-factor'
import { getSecretBox } from '../../../security/app-secret-box'
import { appendAccountEvent } from '../../../audit/account-events'

/** A new, unconfirmed authenticator; `twoFactor.status` then shows its QR code until it is confirmed. */
export const beginTwoFactorEnrolmentProcedure = authedProcedure.mutation(async ({ ctx }) => {
  const { manualKey } = await beginEnrolment(ctx.db, getSecretBox(ctx.env), ctx.user)
  await appendAccountEvent(ctx.db.prisma, ctx.audit, ctx.user, 'two_factor.enrolment_started')
  return { started: true, manualKey }
})
