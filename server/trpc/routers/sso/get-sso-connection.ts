import { permissionProcedure } from '../../procedures'
import { getSsoConnection } from '../../../services/sso/sso-connections'
import { listDomains } from '../../../services/sso/domains'

/** The connection, our service-provider details, recent failed attempts and the domain list. */
export const getSsoConnectionProcedure = permissionProcedure('sso.manage').query(async ({ ctx }) => ({
  ...(await getSsoConnection(ctx.db, ctx.org.id, ctx.env.appUrl)),
  domains: await listDomains(ctx.db, ctx.org.id),
  roles: await ctx.db.prisma.role.findMany({ where: { orgId: ctx.org.id, key: { not: 'owner' } }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
}))
