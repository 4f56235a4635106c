import { permissionProcedure } from '../../procedures'
import { videoInterviewForStaff } from '../../../services/video-interviews/invitations'
import { videoInterviewIdInput } from './video-interview.schema'

export const getVideoInterviewProcedure = permissionProcedure('interviews.read')
  .input(videoInterviewIdInput)
  .query(({ ctx, input }) => videoInterviewForStaff(ctx.db, ctx.access, input.interviewId))
