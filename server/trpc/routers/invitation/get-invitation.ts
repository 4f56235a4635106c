import { publicProcedure } from '../../procedures'
import { findUsableInvitation } from '../../../services/invitations/invitations'
import { AppError } from '../../../errors'
import { invitationTokenInput } from './invitation-token.schema'

/** What the invitation page shows to whoever holds the link. */
export const getInvitationProcedure = publicProcedure.input(invitationTokenInput).query(async ({ ctx, input }) => {
  const invitation = await findUsableInvitation(ctx.db, input.token)
  if (!invitation) throw new AppError('NOT_FOUND', 'This invitation link is invalid or has expired')
  return { email: invitation.email, orgName: invitation.org.name, roleName: invitation.role.name, expiresAt: invitation.expiresAt }
})
