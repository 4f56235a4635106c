import { permissionProcedure } from '../../procedures'
import { latestAnalysis } from '../../../services/interviews/interviews'
import { interviewIdInput } from './interview.schema'

export const latestAnalysisProcedure = permissionProcedure('analyses.read')
  .input(interviewIdInput)
  .query(({ ctx, input }) => latestAnalysis(ctx.db, ctx.access, input.interviewId))
