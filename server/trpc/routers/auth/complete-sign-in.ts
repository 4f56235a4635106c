import { publicProcedure } from '../../procedures'
import { completeSignIn } from '../../../services/accounts/accounts'
import { setSessionCookie } from '../../../auth/session-cookie'
import { clearPendingSignInCookie, pendingSignInCookieName, readCookie } from '../../../auth/cookies'
import { getSecretBox } from '../../../security/app-secret-box'
import { completeSignInInput } from './complete-sign-in.schema'
import { track } from '../../../providers/analytics'

/** Step two: a TOTP or recovery code against the pending sign-in held in its cookie. */
export const completeSignInProcedure = publicProcedure.input(completeSignInInput).mutation(async ({ ctx, input }) => {
  const pendingToken = readCookie(ctx.request, pendingSignInCookieName(ctx.env.secureCookies))
  const { user, session, token, method } = await completeSignIn(ctx.db, getSecretBox(ctx.env), pendingToken, input.code, ctx.meta)
  ctx.responseHeaders.append('Set-Cookie', clearPendingSignInCookie(ctx.env.secureCookies))
  setSessionCookie(ctx.responseHeaders, ctx.env, token, session.expiresAt)
  const factor = method === 'password+recovery_code' ? method : 'password+totp'
  track(ctx, 'signed_in', { method: factor }, { userId: user.id, orgId: session.activeOrgId })
  return { activeOrgId: session.activeOrgId, usedRecoveryCode: method === 'password+recovery_code' }
})
