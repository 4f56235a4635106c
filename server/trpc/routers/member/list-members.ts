import { permissionProcedure } from '../../procedures'
import { listMembers } from '../../../services/members/members'

export const listMembersProcedure = permissionProcedure('members.read').query(({ ctx }) => listMembers(ctx.db, ctx.org.id))
