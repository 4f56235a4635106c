import { permissionProcedure } from '../../procedures'
import { runAnalysis } from '../../../services/interviews/interviews'
import { runAnalysisInput } from './interview.schema'

export const runAnalysisProcedure = permissionProcedure('analyses.run')
  .input(runAnalysisInput)
  .mutation(({ ctx, input }) => runAnalysis(ctx.db, ctx.access, ctx.audit, input))
