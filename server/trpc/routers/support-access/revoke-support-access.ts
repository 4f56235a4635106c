import { permissionProcedure } from '../../procedures'
import { revokeSupportAccess } from '../../../services/support/support-access'
import { supportGrantIdInput } from './support-access.schema'

/** Takes effect on the staff member's next request. */
export const revokeSupportAccessProcedure = permissionProcedure('support_access.manage')
  .input(supportGrantIdInput)
  .mutation(async ({ ctx, input }) => {
    const grant = await revokeSupportAccess(ctx.db, ctx.access, ctx.audit, input)
    return { id: grant.id, revokedAt: grant.revokedAt }
  })
