import { staffProcedure } from '../../procedures'
import { requestSupportAccess } from '../../../services/support/support-access'
import { requestSupportAccessInput } from './support-access.schema'

/** Staff ask an organization's admins for temporary access. */
export const requestSupportAccessProcedure = staffProcedure.input(requestSupportAccessInput).mutation(async ({ ctx, input }) => {
  const grant = await requestSupportAccess(ctx.db, ctx.user, ctx.audit, input)
  return { id: grant.id, status: grant.status }
})
