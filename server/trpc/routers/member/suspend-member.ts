import { permissionProcedure } from '../../procedures'
import { reactivateMember, suspendMember } from '../../../services/members/members'
import { membershipIdInput } from './membership-id.schema'

/** Suspends a member and ends their sessions in this organization at once. */
export const suspendMemberProcedure = permissionProcedure('members.manage')
  .input(membershipIdInput)
  .mutation(({ ctx, input }) => suspendMember(ctx.db, ctx.access, ctx.audit, input))

export const reactivateMemberProcedure = permissionProcedure('members.manage')
  .input(membershipIdInput)
  .mutation(({ ctx, input }) => reactivateMember(ctx.db, ctx.access, ctx.audit, input))
