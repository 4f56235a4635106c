import { permissionProcedure } from '../../procedures'
import { dnsTxtResolver, verifyDomain } from '../../../services/sso/domains'
import { domainIdInput } from './domain.schema'

export const verifyDomainProcedure = permissionProcedure('sso.manage')
  .input(domainIdInput)
  .mutation(({ ctx, input }) => verifyDomain(ctx.db, ctx.access, ctx.audit, input, dnsTxtResolver(ctx.env.DNS_SERVERS)))
