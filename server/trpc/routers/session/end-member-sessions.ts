import { permissionProcedure } from '../../procedures'
import { endMemberSessions } from '../../../services/sessions/sessions'
import { membershipIdInput } from '../member/membership-id.schema'

export const endMemberSessionsProcedure = permissionProcedure('members.manage')
  .input(membershipIdInput)
  .mutation(({ ctx, input }) => endMemberSessions(ctx.db, ctx.access, ctx.audit, input.membershipId))
