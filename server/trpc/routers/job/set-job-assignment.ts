import { permissionProcedure } from '../../procedures'
import { setJobAssignment } from '../../../services/jobs/jobs'
import { setJobAssignmentInput } from './set-job-assignment.schema'

export const setJobAssignmentProcedure = permissionProcedure('jobs.update')
  .input(setJobAssignmentInput)
  .mutation(({ ctx, input }) => setJobAssignment(ctx.db, ctx.access, ctx.audit, input))
