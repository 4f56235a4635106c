import { permissionProcedure } from '../../procedures'
import { runRetention } from '../../../services/retention/rules'

/** Applies the enabled rules now (the daily run does the same). */
export const runRetentionProcedure = permissionProcedure('retention.manage').mutation(({ ctx }) =>
  runRetention(ctx.db, ctx.blobs, ctx.access.orgId, ctx.audit, 'manual'),
)
