import { permissionProcedure } from '../../procedures'
import { getPipeline } from '../../../services/pipeline/pipeline'
import { jobPipelineInput } from './pipeline.schema'

/** The job's rubric (with each competency's share of the score) and its pipeline stages with their application counts. */
export const getJobPipelineProcedure = permissionProcedure('jobs.read')
  .input(jobPipelineInput)
  .query(({ ctx, input }) => getPipeline(ctx.db, ctx.access, input.jobId))
