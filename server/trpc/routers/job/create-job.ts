import { permissionProcedure } from '../../procedures'
import { createJob } from '../../../services/jobs/jobs'
import { createJobInput } from './create-job.schema'
import { track } from '../../../providers/analytics'

export const createJobProcedure = permissionProcedure('jobs.create')
  .input(createJobInput)
  .mutation(async ({ ctx, input }) => {
    const job = await createJob(ctx.db, ctx.access, ctx.audit, input)
    track(ctx, 'job_created', { region: input.region })
    return { id: job.id, title: job.title }
  })
