import { permissionProcedure } from '../../procedures'
import { listRetention } from '../../../services/retention/rules'

export const listRetentionProcedure = permissionProcedure('retention.read').query(({ ctx }) => listRetention(ctx.db, ctx.access))
