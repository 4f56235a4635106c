import { permissionProcedure } from '../../procedures'
import { changeMemberRole } from '../../../services/members/members'
import { changeMemberRoleInput } from './change-member-role.schema'

export const changeMemberRoleProcedure = permissionProcedure('members.manage')
  .input(changeMemberRoleInput)
  .mutation(async ({ ctx, input }) => {
    await changeMemberRole(ctx.db, ctx.access, ctx.audit, input)
    return { updated: true }
  })
