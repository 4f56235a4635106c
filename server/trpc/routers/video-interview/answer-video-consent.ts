import { publicProcedure } from '../../procedures'
import { answerVideoConsent } from '../../../services/video-interviews/candidate'
import { answerVideoConsentInput } from './video-interview.schema'

export const answerVideoConsentProcedure = publicProcedure
  .input(answerVideoConsentInput)
  .mutation(({ ctx, input }) => answerVideoConsent(ctx.db, input))
