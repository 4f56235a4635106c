import { publicProcedure } from '../../procedures'
import { answerConsent } from '../../../services/consent/consent'
import { answerConsentInput } from './consent.schema'

/** Public: the candidate answers on their consent page (token-authenticated). */
export const answerConsentProcedure = publicProcedure.input(answerConsentInput).mutation(({ ctx, input }) => answerConsent(ctx.db, input))
