import { permissionProcedure } from '../../procedures'
import { reactivateMember } from '../../../services/members/members'
import { membershipIdInput } from './membership-id.schema'

/** Gives a suspended member their access back. */
export const reactivateMemberProcedure = permissionProcedure('members.manage')
  .input(membershipIdInput)
  .mutation(({ ctx, input }) => reactivateMember(ctx.db, ctx.access, ctx.audit, input))
