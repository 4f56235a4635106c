import { publicProcedure } from '../../procedures'
import { consentPage } from '../../../services/consent/consent'
import { consentPageInput } from './consent.schema'

/** Public: the candidate's consent page, reached with the token of their link. */
export const consentPageProcedure = publicProcedure.input(consentPageInput).query(({ ctx, input }) => consentPage(ctx.db, input))
