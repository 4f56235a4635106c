import { permissionProcedure } from '../../procedures'
import { setPermissionOverride } from '../../../services/members/members'
import { setPermissionOverrideInput } from './set-permission-override.schema'

export const setPermissionOverrideProcedure = permissionProcedure('members.manage')
  .input(setPermissionOverrideInput)
  .mutation(async ({ ctx, input }) => {
    await setPermissionOverride(ctx.db, ctx.access, ctx.audit, {
      ...input,
      effect: input.effect === 'NONE' ? null : input.effect,
    })
    return { updated: true }
  })
