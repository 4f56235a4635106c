import { authedProcedure } from '../../procedures'
import { requestAccountDeletion } from '../../../services/accounts/account-deletion'
import { unsetSessionCookie } from '../../../auth/session-cookie'
import { requestAccountDeletionInput } from './request-account-deletion.schema'

/** Every session ends with the request, this one included: the browser is signed out. */
export const requestAccountDeletionProcedure = authedProcedure.input(requestAccountDeletionInput).mutation(async ({ ctx, input }) => {
  const result = await requestAccountDeletion(ctx.db, ctx.user.id, ctx.audit, input)
  unsetSessionCookie(ctx.responseHeaders, ctx.env)
  return result
})
