import { publicProcedure } from '../../procedures'
import { submitVideoInterview } from '../../../services/video-interviews/candidate'
import { submitVideoInterviewInput } from './video-interview.schema'

export const submitVideoInterviewProcedure = publicProcedure
  .input(submitVideoInterviewInput)
  .mutation(({ ctx, input }) => submitVideoInterview(ctx.db, input))
