import { permissionProcedure } from '../../procedures'
import { draftVideoQuestions } from '../../../services/video-interviews/invitations'
import { draftVideoQuestionsInput } from './video-interview.schema'

export const draftVideoQuestionsProcedure = permissionProcedure('interviews.create')
  .input(draftVideoQuestionsInput)
  .query(({ ctx, input }) => draftVideoQuestions(ctx.db, ctx.access, input, ctx.env))
