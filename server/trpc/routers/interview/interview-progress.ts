import { permissionProcedure } from '../../procedures'
import { interviewProgress } from '../../../services/interviews/progress'
import { interviewIdInput } from './interview.schema'

export const interviewProgressProcedure = permissionProcedure('interviews.read')
  .input(interviewIdInput)
  .query(({ ctx, input }) => interviewProgress(ctx.db, ctx.access, input.interviewId))
