import { publicProcedure } from '../../procedures'
import { consumeSamlResponse } from '../../../services/sso/sso-login'
import { setSessionCookie } from '../../../auth/session-cookie'
import { consumeSsoInput } from './sso.schema'
import { readCookie, samlRequestCookieName } from '../../../auth/cookies'

/** The identity provider's POST to our ACS: a session on success; a test's result for the admin's setup page. */
export const consumeSsoResponseProcedure = publicProcedure.input(consumeSsoInput).mutation(async ({ ctx, input }) => {
  const browserRequestId = readCookie(ctx.request, samlRequestCookieName(ctx.env.secureCookies))
  const outcome = await consumeSamlResponse(ctx.db, ctx.env.appUrl, { ...input, browserRequestId, requireSameBrowser: ctx.env.secureCookies }, ctx.meta)
  if (outcome.kind === 'tested') return outcome
  setSessionCookie(ctx.responseHeaders, ctx.env, outcome.token, outcome.expiresAt)
  return { kind: outcome.kind, redirectTo: outcome.redirectTo, provisioned: outcome.provisioned }
})
