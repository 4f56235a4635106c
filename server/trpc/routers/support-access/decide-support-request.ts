import { permissionProcedure } from '../../procedures'
import { decideSupportRequest } from '../../../services/support/support-access'
import { decideSupportRequestInput } from './support-access.schema'

export const decideSupportRequestProcedure = permissionProcedure('support_access.manage')
  .input(decideSupportRequestInput)
  .mutation(async ({ ctx, input }) => {
    const grant = await decideSupportRequest(ctx.db, ctx.access, ctx.audit, input)
    return { id: grant.id, status: grant.status, expiresAt: grant.expiresAt }
  })
