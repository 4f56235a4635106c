import { publicProcedure } from '../../procedures'
import {
  answerVideoConsent,
  candidateTakeFile,
  candidateVideoPage,
  recordTake,
  submitVideoInterview,
} from '../../../services/video-interviews/candidate'
import {
  answerVideoConsentInput,
  candidateVideoPageInput,
  candidateVideoTakeInput,
  recordVideoTakeInput,
  submitVideoInterviewInput,
} from './video-interview.schema'

/** Public: the candidate's side of a video interview, authenticated by the token of their link. */
export const candidateVideoPageProcedure = publicProcedure
  .input(candidateVideoPageInput)
  .query(({ ctx, input }) => candidateVideoPage(ctx.db, input))

export const answerVideoConsentProcedure = publicProcedure
  .input(answerVideoConsentInput)
  .mutation(({ ctx, input }) => answerVideoConsent(ctx.db, input))

/** Called by the upload route with the request body as a stream (app/routes/video.$token.answers.ts). */
export const recordVideoTakeProcedure = publicProcedure
  .input(recordVideoTakeInput)
  .mutation(({ ctx, input }) => recordTake(ctx.db, ctx.blobs, { ...input, maxBytes: ctx.env.RECORDING_MAX_MB * 1024 * 1024 }))

export const submitVideoInterviewProcedure = publicProcedure
  .input(submitVideoInterviewInput)
  .mutation(({ ctx, input }) => submitVideoInterview(ctx.db, input))

export const candidateVideoTakeProcedure = publicProcedure
  .input(candidateVideoTakeInput)
  .query(({ ctx, input }) => candidateTakeFile(ctx.db, input))
