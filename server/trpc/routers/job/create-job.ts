import { permissionProcedure } from '../../procedures'
import { createJob } from '../../../services/jobs/jobs'
import { createJobInput } from './create-job.schema'

export const createJobProcedure = permissionProcedure('jobs.create')
  .input(createJobInput)
  .mutation(async ({ ctx, input }) => {
    const job = await createJob(ctx.db, ctx.access, ctx.audit, input)
    return { id: job.id, title: job.title }
  })
