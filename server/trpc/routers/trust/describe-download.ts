import { publicProcedure } from '../../procedures'
import { describeDownload } from '../../../services/trust/gated-documents'
import { downloadTokenInput } from './request-document.schema'

/** Public: whoever holds the secret link sees which document it gives and to whom. */
export const describeDownloadProcedure = publicProcedure.input(downloadTokenInput).query(({ ctx, input }) => describeDownload(ctx.db, input.token))
