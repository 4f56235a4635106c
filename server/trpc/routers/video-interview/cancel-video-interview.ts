import { permissionProcedure } from '../../procedures'
import { cancelVideoInterview } from '../../../services/video-interviews/invitations'
import { videoInterviewIdInput } from './video-interview.schema'

export const cancelVideoInterviewProcedure = permissionProcedure('interviews.create')
  .input(videoInterviewIdInput)
  .mutation(({ ctx, input }) => cancelVideoInterview(ctx.db, ctx.access, ctx.audit, input))
