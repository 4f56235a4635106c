import { publicProcedure } from '../../procedures'
import { AppError } from '../../../errors'
import { samlRequestCookie } from '../../../auth/cookies'
import { organizationForEmail, startSsoLogin } from '../../../services/sso/sso-login'
import { enforceRateLimits } from '../../../services/rate-limit/rate-limit'
import { startSsoInput } from './sso.schema'

/** "Sign in with SSO": by work email (verified domain) or by organization; answers the identity provider's URL. */
export const startSsoProcedure = publicProcedure.input(startSsoInput).mutation(async ({ ctx, input }) => {
  await enforceRateLimits(ctx.db, [[`sso-start:${ctx.meta.ip}`, { limit: 30, windowSeconds: 300 }]], (s) => `Too many attempts. Try again in ${Math.ceil(s / 60)} minutes.`)
  const orgId = input.orgId ?? (input.email ? await organizationForEmail(ctx.db, input.email) : null)
  if (!orgId) {
    throw new AppError('NOT_FOUND', 'Single sign-on is not set up for this email’s domain. Sign in with your email and password.', {
      email: 'No single sign-on for this domain',
    })
  }
  const { url, requestId } = await startSsoLogin(ctx.db, ctx.env.appUrl, { orgId, purpose: 'login', redirectTo: input.redirectTo })
  ctx.responseHeaders.append('Set-Cookie', samlRequestCookie(requestId, ctx.env.secureCookies))
  return { url }
})
