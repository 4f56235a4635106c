import { authedProcedure } from '../../procedures'
import { switchOrganization } from '../../../services/orgs/orgs'
import { rotateSessionToken } from '../../../auth/session'
import { setSessionCookie } from '../../../auth/session-cookie'
import { switchOrgInput } from './switch-org.schema'

/** Switching organization changes what the session may reach, so its token rotates. */
export const switchOrgProcedure = authedProcedure.input(switchOrgInput).mutation(async ({ ctx, input }) => {
  const { org, token } = await ctx.db.prisma.$transaction(async (tx) => ({
    org: await switchOrganization(tx, { sessionId: ctx.session.id, userId: ctx.user.id, orgId: input.orgId, audit: ctx.audit, isStaff: ctx.user.isStaff }),
    token: await rotateSessionToken(tx, ctx.session.id),
  }))
  setSessionCookie(ctx.responseHeaders, ctx.env, token, ctx.session.expiresAt)
  return { id: org.id, name: org.name }
})
