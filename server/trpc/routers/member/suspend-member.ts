import { permissionProcedure } from '../../procedures'
import { suspendMember } from '../../../services/members/members'
import { membershipIdInput } from './membership-id.schema'

/** Suspends a member and ends their sessions in this organization at once. */
export const suspendMemberProcedure = permissionProcedure('members.manage')
  .input(membershipIdInput)
  .mutation(({ ctx, input }) => suspendMember(ctx.db, ctx.access, ctx.audit, input))
