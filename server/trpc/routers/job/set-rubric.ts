import { permissionProcedure } from '../../procedures'
import { setRubric } from '../../../services/pipeline/pipeline'
import { setRubricInput } from './pipeline.schema'

export const setRubricProcedure = permissionProcedure('jobs.update')
  .input(setRubricInput)
  .mutation(({ ctx, input }) => setRubric(ctx.db, ctx.access, ctx.audit, input))
