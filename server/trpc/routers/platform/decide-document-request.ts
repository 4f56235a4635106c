import { platformAdminProcedure } from '../../procedures'
import { decideDocumentRequest } from '../../../services/trust/gated-documents'
import { decideDocumentRequestInput } from './document-request.schema'

/** Approves (emails a time-limited link) or denies a gated-document request. */
export const decideDocumentRequestProcedure = platformAdminProcedure
  .input(decideDocumentRequestInput)
  .mutation(({ ctx, input }) => decideDocumentRequest(ctx.db, ctx.platformActor, input, ctx.env.appUrl))
