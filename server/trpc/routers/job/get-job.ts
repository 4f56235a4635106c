import { permissionProcedure } from '../../procedures'
import { getJob } from '../../../services/jobs/jobs'
import { jobIdInput } from './job-id.schema'

export const getJobProcedure = permissionProcedure('jobs.read')
  .input(jobIdInput)
  .query(({ ctx, input }) => getJob(ctx.db, ctx.access, input.jobId))
