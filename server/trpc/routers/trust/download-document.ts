import { publicProcedure } from '../../procedures'
import { downloadGatedDocument } from '../../../services/trust/gated-documents'
import { downloadTokenInput } from './request-document.schema'

/** Public: the watermarked PDF for an approved, unexpired link (base64, so it survives JSON); logged. */
export const downloadDocumentProcedure = publicProcedure.input(downloadTokenInput).mutation(async ({ ctx, input }) => {
  const { filename, pdf, sha256 } = await downloadGatedDocument(ctx.db, input.token, { ip: ctx.meta.ip, userAgent: ctx.meta.userAgent })
  return { filename, sha256, base64: pdf.toString('base64') }
})
