import { permissionProcedure } from '../../procedures'
import { previewRetention } from '../../../services/retention/rules'

/** The dry run: what the enabled rules would remove now. */
export const previewRetentionProcedure = permissionProcedure('retention.read').query(({ ctx }) => previewRetention(ctx.db, ctx.access))
