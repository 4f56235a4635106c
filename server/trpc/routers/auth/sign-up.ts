import { publicProcedure } from '../../procedures'
import { signUp } from '../../../services/accounts/accounts'
import { setSessionCookie } from '../../../auth/session-cookie'
import { signUpInput } from './sign-up.schema'

export const signUpProcedure = publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
  const { user, org, session, token } = await signUp(ctx.db, input, ctx.meta)
  setSessionCookie(ctx.responseHeaders, ctx.env, token, session.expiresAt)
  return { userId: user.id, orgId: org.id }
})
