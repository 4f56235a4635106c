import { permissionProcedure } from '../../procedures'
import { createVideoInterview } from '../../../services/video-interviews/invitations'
import { createVideoInterviewInput } from './video-interview.schema'

export const createVideoInterviewProcedure = permissionProcedure('interviews.create')
  .input(createVideoInterviewInput)
  .mutation(({ ctx, input }) => createVideoInterview(ctx.db, ctx.access, ctx.audit, input, ctx.env.appUrl))
