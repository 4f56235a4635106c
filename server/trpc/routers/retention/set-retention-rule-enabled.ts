import { permissionProcedure } from '../../procedures'
import { setRetentionRuleEnabled } from '../../../services/retention/rules'
import { setRetentionRuleEnabledInput } from './retention.schema'

export const setRetentionRuleEnabledProcedure = permissionProcedure('retention.manage')
  .input(setRetentionRuleEnabledInput)
  .mutation(({ ctx, input }) => setRetentionRuleEnabled(ctx.db, ctx.access, ctx.audit, input))
