import { permissionProcedure } from '../../procedures'
import { resendFailedEmail } from '../../../services/mail/delivery-problems'
import { emailIdInput } from './email.schema'

export const resendEmailProcedure = permissionProcedure('org.update')
  .input(emailIdInput)
  .mutation(({ ctx, input }) => resendFailedEmail(ctx.db, ctx.access, ctx.audit, input))
