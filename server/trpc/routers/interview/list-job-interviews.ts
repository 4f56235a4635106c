import { permissionProcedure } from '../../procedures'
import { listInterviewsOfJob } from '../../../services/interviews/interviews'
import { jobInterviewsInput } from './interview.schema'

export const listJobInterviewsProcedure = permissionProcedure('interviews.read')
  .input(jobInterviewsInput)
  .query(({ ctx, input }) => listInterviewsOfJob(ctx.db, ctx.access, input.jobId))
