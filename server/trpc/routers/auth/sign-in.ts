import { publicProcedure } from '../../procedures'
import { signIn } from '../../../services/accounts/accounts'
import { setSessionCookie } from '../../../auth/session-cookie'
import { signInInput } from './sign-in.schema'

export const signInProcedure = publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
  const { user, session, token } = await signIn(ctx.db, input, ctx.meta)
  setSessionCookie(ctx.responseHeaders, ctx.env, token, session.expiresAt)
  return { userId: user.id, activeOrgId: session.activeOrgId }
})
