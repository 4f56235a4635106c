import { permissionProcedure } from '../../procedures'
import { setJobScreening } from '../../../services/interviews/screening'
import { setJobScreeningInput } from './screening.schema'

export const setJobScreeningProcedure = permissionProcedure('jobs.update')
  .input(setJobScreeningInput)
  .mutation(({ ctx, input }) => setJobScreening(ctx.db, ctx.access, ctx.audit, input))
