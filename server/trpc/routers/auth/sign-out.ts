import { authedProcedure } from '../../procedures'
import { signOut } from '../../../services/accounts/accounts'
import { unsetSessionCookie } from '../../../auth/session-cookie'

export const signOutProcedure = authedProcedure.mutation(async ({ ctx }) => {
  await signOut(ctx.db, ctx.session, ctx.audit)
  unsetSessionCookie(ctx.responseHeaders, ctx.env)
  return { signedOut: true }
})
