import { permissionProcedure } from '../../procedures'
import { replaceAllowlist } from '../../../services/ip-allowlist/ip-allowlist'
import { replaceAllowlistInput } from './ip-allowlist.schema'

export const replaceAllowlistProcedure = permissionProcedure('ip_allowlist.manage')
  .input(replaceAllowlistInput)
  .mutation(async ({ ctx, input }) => ({ entries: await replaceAllowlist(ctx.db, ctx.access, ctx.audit, input, ctx.meta.ip) }))
