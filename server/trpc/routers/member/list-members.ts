import { permissionProcedure } from '../../procedures'

export const listMembersProcedure = permissionProcedure('members.read').query(({ ctx }) =>
  ctx.db.prisma.membership.findMany({
    where: { orgId: ctx.org.id },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      status: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
      role: { select: { id: true, name: true } },
    },
  }),
)
