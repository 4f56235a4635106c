import { permissionProcedure } from '../../procedures'
import { removeDomain } from '../../../services/sso/domains'
import { domainIdInput } from './domain.schema'

export const removeDomainProcedure = permissionProcedure('sso.manage')
  .input(domainIdInput)
  .mutation(({ ctx, input }) => removeDomain(ctx.db, ctx.access, ctx.audit, input))
