import { permissionProcedure } from '../../procedures'
import { requestAnalysis } from '../../../services/interviews/analysis-job'
import { runAnalysisInput } from './interview.schema'

/** Queues an analysis; it runs in the background (see interview.progress). */
export const runAnalysisProcedure = permissionProcedure('analyses.run')
  .input(runAnalysisInput)
  .mutation(({ ctx, input }) => requestAnalysis(ctx.db, ctx.access, ctx.audit, input))
