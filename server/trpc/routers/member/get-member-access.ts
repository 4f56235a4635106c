import { permissionProcedure } from '../../procedures'
import { getMemberAccess } from '../../../services/members/members'
import { membershipIdInput } from './membership-id.schema'

/** A member's role, overrides and effective permissions. */
export const getMemberAccessProcedure = permissionProcedure('members.read')
  .input(membershipIdInput)
  .query(({ ctx, input }) => getMemberAccess(ctx.db, ctx.org.id, input.membershipId))
