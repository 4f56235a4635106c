import { authedProcedure } from '../../procedures'
import { acceptInvitation } from '../../../services/invitations/invitations'
import { invitationTokenInput } from './invitation-token.schema'

export const acceptInvitationProcedure = authedProcedure.input(invitationTokenInput).mutation(async ({ ctx, input }) => {
  const org = await acceptInvitation(ctx.db, {
    token: input.token,
    userId: ctx.user.id,
    userEmail: ctx.user.email,
    sessionId: ctx.session.id,
    audit: ctx.audit,
  })
  return { orgId: org.id, orgName: org.name }
})
