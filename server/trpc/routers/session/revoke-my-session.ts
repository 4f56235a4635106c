import { authedProcedure } from '../../procedures'
import { revokeOwnSession } from '../../../services/sessions/sessions'
import { revokeMySessionInput } from './revoke-my-session.schema'

export const revokeMySessionProcedure = authedProcedure.input(revokeMySessionInput).mutation(async ({ ctx, input }) => {
  await revokeOwnSession(ctx.db, {
    userId: ctx.user.id,
    sessionId: input.sessionId,
    activeOrgId: ctx.auth.membership ? ctx.session.activeOrgId : null,
    audit: ctx.audit,
  })
  return { revoked: true, current: input.sessionId === ctx.session.id }
})
