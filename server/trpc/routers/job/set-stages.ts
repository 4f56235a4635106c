import { permissionProcedure } from '../../procedures'
import { setStages } from '../../../services/pipeline/pipeline'
import { setStagesInput } from './pipeline.schema'

export const setStagesProcedure = permissionProcedure('jobs.update')
  .input(setStagesInput)
  .mutation(({ ctx, input }) => setStages(ctx.db, ctx.access, ctx.audit, input))
