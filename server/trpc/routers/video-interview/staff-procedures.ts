import { permissionProcedure } from '../../procedures'
import {
  cancelVideoInterview,
  createVideoInterview,
  draftVideoQuestions,
  renewVideoInterviewLink,
  submittedAnswerFile,
  videoInterviewForStaff,
  videoInterviewSetup,
} from '../../../services/video-interviews/invitations'
import {
  createVideoInterviewInput,
  draftVideoQuestionsInput,
  renewVideoInterviewLinkInput,
  videoAnswerInput,
  videoInterviewIdInput,
} from './video-interview.schema'

/** The recruiter's side of one-way video interviews (server/services/video-interviews). */
export const createVideoInterviewProcedure = permissionProcedure('interviews.create')
  .input(createVideoInterviewInput)
  .mutation(({ ctx, input }) => createVideoInterview(ctx.db, ctx.access, ctx.audit, input, ctx.env.appUrl))

/** Suggestions only: changes nothing. */
export const draftVideoQuestionsProcedure = permissionProcedure('interviews.create')
  .input(draftVideoQuestionsInput)
  .query(({ ctx, input }) => draftVideoQuestions(ctx.db, ctx.access, input, ctx.env))

export const getVideoInterviewProcedure = permissionProcedure('interviews.read')
  .input(videoInterviewIdInput)
  .query(({ ctx, input }) => videoInterviewForStaff(ctx.db, ctx.access, input.interviewId))

export const renewVideoInterviewLinkProcedure = permissionProcedure('interviews.create')
  .input(renewVideoInterviewLinkInput)
  .mutation(({ ctx, input }) => renewVideoInterviewLink(ctx.db, ctx.access, ctx.audit, input, ctx.env.appUrl))

export const cancelVideoInterviewProcedure = permissionProcedure('interviews.create')
  .input(videoInterviewIdInput)
  .mutation(({ ctx, input }) => cancelVideoInterview(ctx.db, ctx.access, ctx.audit, input))

/** A submitted answer's file, for the player route that streams it. */
export const videoAnswerProcedure = permissionProcedure('recordings.read')
  .input(videoAnswerInput)
  .query(({ ctx, input }) => submittedAnswerFile(ctx.db, ctx.access, input))

export const videoInterviewSetupProcedure = permissionProcedure('interviews.create')
  .input(draftVideoQuestionsInput)
  .query(({ ctx, input }) => videoInterviewSetup(ctx.db, ctx.access, input))
