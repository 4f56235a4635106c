import { permissionProcedure } from '../../procedures'
import { samlRequestCookie } from '../../../auth/cookies'
import { startSsoLogin } from '../../../services/sso/sso-login'
import { appendAuditEvent } from '../../../audit/append'

/** The admin's test sign-in: the identity provider's URL; the result comes back to the ACS. */
export const startSsoTestProcedure = permissionProcedure('sso.manage').mutation(async ({ ctx }) => {
  const started = await startSsoLogin(ctx.db, ctx.env.appUrl, { orgId: ctx.org.id, purpose: 'test', redirectTo: '/app/security/sso' })
  ctx.responseHeaders.append('Set-Cookie', samlRequestCookie(started.requestId, ctx.env.secureCookies))
  await appendAuditEvent(ctx.db.prisma, ctx.audit, { orgId: ctx.org.id, action: 'sso.test_started', targets: [{ type: 'organization', id: ctx.org.id }] })
  return { url: started.url }
})
