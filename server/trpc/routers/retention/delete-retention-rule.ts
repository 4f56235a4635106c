import { permissionProcedure } from '../../procedures'
import { deleteRetentionRule } from '../../../services/retention/rules'
import { retentionRuleIdInput } from './retention.schema'

export const deleteRetentionRuleProcedure = permissionProcedure('retention.manage')
  .input(retentionRuleIdInput)
  .mutation(({ ctx, input }) => deleteRetentionRule(ctx.db, ctx.access, ctx.audit, input))
