import { publicProcedure } from '../../procedures'
import { signIn } from '../../../services/accounts/accounts'
import { setSessionCookie } from '../../../auth/session-cookie'
import { pendingSignInCookie } from '../../../auth/cookies'
import { signInInput } from './sign-in.schema'
import { track } from '../../../providers/analytics'

/** Step one: the password. With a second factor on, the answer asks for a code instead of opening a session. */
export const signInProcedure = publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
  const result = await signIn(ctx.db, input, ctx.meta)
  if (result.kind === 'second_factor_required') {
    ctx.responseHeaders.append('Set-Cookie', pendingSignInCookie(result.pendingToken, { secure: ctx.env.secureCookies, expires: result.expiresAt }))
    return { secondFactorRequired: true as const }
  }
  setSessionCookie(ctx.responseHeaders, ctx.env, result.token, result.session.expiresAt)
  track(ctx, 'signed_in', { method: 'password' }, { userId: result.user.id, orgId: result.session.activeOrgId })
  return { secondFactorRequired: false as const, userId: result.user.id, activeOrgId: result.session.activeOrgId }
})
