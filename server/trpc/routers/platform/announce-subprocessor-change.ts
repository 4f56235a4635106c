import { platformAdminProcedure } from '../../procedures'
import { announceSubprocessorChange } from '../../../services/trust/subprocessor-registry'
import { announceSubprocessorChangeInput } from './announce-subprocessor-change.schema'

/** Announces a sub-processor change (at least 30 days ahead) and emails subscribers. */
export const announceSubprocessorChangeProcedure = platformAdminProcedure
  .input(announceSubprocessorChangeInput)
  .mutation(({ ctx, input }) => announceSubprocessorChange(ctx.db, ctx.platformActor, input, ctx.env.appUrl))
