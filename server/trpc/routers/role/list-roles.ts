import { permissionProcedure } from '../../procedures'

export const listRolesProcedure = permissionProcedure('roles.read').query(({ ctx }) =>
  ctx.db.prisma.role.findMany({
    where: { orgId: ctx.org.id },
    orderBy: [{ builtIn: 'desc' }, { name: 'asc' }],
    select: { id: true, key: true, name: true, description: true, builtIn: true, permissions: true },
  }),
)
