import { permissionProcedure } from '../../procedures'
import { createInterview } from '../../../services/interviews/interviews'
import { createInterviewInput } from './interview.schema'

export const createInterviewProcedure = permissionProcedure('interviews.create')
  .input(createInterviewInput)
  .mutation(({ ctx, input }) => createInterview(ctx.db, ctx.access, ctx.audit, input))
