import { permissionProcedure } from '../../procedures'
import { createRetentionRule } from '../../../services/retention/rules'
import { createRetentionRuleInput } from './retention.schema'

export const createRetentionRuleProcedure = permissionProcedure('retention.manage')
  .input(createRetentionRuleInput)
  .mutation(({ ctx, input }) => createRetentionRule(ctx.db, ctx.access, ctx.audit, input))
