import { permissionProcedure } from '../../procedures'
import { videoInterviewSetup } from '../../../services/video-interviews/invitations'
import { draftVideoQuestionsInput } from './video-interview.schema'

export const videoInterviewSetupProcedure = permissionProcedure('interviews.create')
  .input(draftVideoQuestionsInput)
  .query(({ ctx, input }) => videoInterviewSetup(ctx.db, ctx.access, input))
