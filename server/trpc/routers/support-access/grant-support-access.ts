import { permissionProcedure } from '../../procedures'
import { grantSupportAccess } from '../../../services/support/support-access'
import { grantSupportAccessInput } from './support-access.schema'

export const grantSupportAccessProcedure = permissionProcedure('support_access.manage')
  .input(grantSupportAccessInput)
  .mutation(async ({ ctx, input }) => {
    const grant = await grantSupportAccess(ctx.db, ctx.access, ctx.audit, input)
    return { id: grant.id, expiresAt: grant.expiresAt }
  })
