import { permissionProcedure } from '../../procedures'
import { listJobs } from '../../../services/jobs/jobs'

export const listJobsProcedure = permissionProcedure('jobs.read').query(({ ctx }) => listJobs(ctx.db, ctx.access))
