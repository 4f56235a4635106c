import { permissionProcedure } from '../../procedures'
import { addDomain } from '../../../services/sso/domains'
import { addDomainInput } from './domain.schema'

export const addDomainProcedure = permissionProcedure('sso.manage')
  .input(addDomainInput)
  .mutation(({ ctx, input }) => addDomain(ctx.db, ctx.access, ctx.audit, input))
