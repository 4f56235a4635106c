import { z } from 'zod'
import { publicProcedure } from '../../procedures'
import { AppError } from '../../../errors'
import { serviceProviderFor } from '../../../services/sso/sso-connections'
import { serviceProviderMetadata } from '../../../auth/saml/saml-sp'

/** Our SAML metadata for an organization that has a connection, for its identity provider's admin. */
export const getSsoMetadataProcedure = publicProcedure.input(z.object({ orgId: z.string().min(1).max(40) })).query(async ({ ctx, input }) => {
  const connection = await ctx.db.prisma.ssoConnection.findUnique({ where: { orgId: input.orgId }, select: { id: true } })
  if (!connection) throw new AppError('NOT_FOUND', 'No SAML connection here')
  const { entityId, acsUrl } = serviceProviderFor(ctx.env.appUrl, input.orgId)
  return { xml: serviceProviderMetadata({ entityId, acsUrl }) }
})
