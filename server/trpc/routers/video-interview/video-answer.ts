import { permissionProcedure } from '../../procedures'
import { submittedAnswerFile } from '../../../services/video-interviews/invitations'
import { videoAnswerInput } from './video-interview.schema'

export const videoAnswerProcedure = permissionProcedure('recordings.read')
  .input(videoAnswerInput)
  .query(({ ctx, input }) => submittedAnswerFile(ctx.db, ctx.access, input))
