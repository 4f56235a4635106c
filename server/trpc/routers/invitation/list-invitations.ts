import { permissionProcedure } from '../../procedures'
import { listPendingInvitations } from '../../../services/invitations/invitations'

export const listInvitationsProcedure = permissionProcedure('members.read').query(({ ctx }) =>
  listPendingInvitations(ctx.db, ctx.org.id),
)
