import { permissionProcedure } from '../../procedures'
import { requestAnalysis } from '../../../services/interviews/analysis-job'
import { runAnalysisInput } from './interview.schema'
import { track } from '../../../providers/analytics'

/** Queues an analysis; it runs in the background (see interview.progress). */
export const runAnalysisProcedure = permissionProcedure('analyses.run')
  .input(runAnalysisInput)
  .mutation(async ({ ctx, input }) => {
    const queued = await requestAnalysis(ctx.db, ctx.access, ctx.audit, input)
    track(ctx, 'analysis_requested', { speakerChosen: Boolean(input.candidateSpeaker) })
    return queued
  })
