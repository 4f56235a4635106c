import { publicProcedure } from '../../procedures'
import { requestGatedDocument } from '../../../services/trust/gated-documents'
import { requestDocumentInput } from './request-document.schema'

/** Public: asks for a gated document under the NDA; a platform administrator decides. */
export const requestDocumentProcedure = publicProcedure.input(requestDocumentInput).mutation(async ({ ctx, input }) => {
  await requestGatedDocument(ctx.db, input, { ip: ctx.meta.ip, userAgent: ctx.meta.userAgent }, ctx.env.appUrl)
  return { requested: true }
})
