import { permissionProcedure } from '../../procedures'
import { revokeInvitation } from '../../../services/invitations/invitations'
import { revokeInvitationInput } from './revoke-invitation.schema'

export const revokeInvitationProcedure = permissionProcedure('members.invite')
  .input(revokeInvitationInput)
  .mutation(async ({ ctx, input }) => {
    await revokeInvitation(ctx.db, { orgId: ctx.org.id, invitationId: input.invitationId, audit: ctx.audit })
    return { revoked: true }
  })
