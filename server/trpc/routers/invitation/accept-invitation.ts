import { authedProcedure } from '../../procedures'
import { acceptInvitation } from '../../../services/invitations/invitations'
import { switchOrganization } from '../../../services/orgs/orgs'
import { invitationTokenInput } from './invitation-token.schema'

export const acceptInvitationProcedure = authedProcedure.input(invitationTokenInput).mutation(async ({ ctx, input }) => {
  const org = await acceptInvitation(ctx.db, { token: input.token, userId: ctx.user.id, userEmail: ctx.user.email })
  await switchOrganization(ctx.db.prisma, { sessionId: ctx.session.id, userId: ctx.user.id, orgId: org.id })
  return { orgId: org.id, orgName: org.name }
})
