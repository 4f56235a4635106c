import { permissionProcedure } from '../../procedures'
import { inviteMember } from '../../../services/invitations/invitations'
import { createInvitationInput } from './create-invitation.schema'
import { track } from '../../../providers/analytics'

export const createInvitationProcedure = permissionProcedure('members.invite')
  .input(createInvitationInput)
  .mutation(async ({ ctx, input }) => {
    const { invitation } = await inviteMember(
      ctx.db,
      { orgId: ctx.org.id, userId: ctx.user.id, userName: ctx.user.name, audit: ctx.audit },
      input,
      ctx.env.appUrl,
    )
    track(ctx, 'member_invited', {})
    return { id: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt }
  })
