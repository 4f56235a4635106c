import { platformAdminProcedure } from '../../procedures'
import { listDocumentRequests } from '../../../services/trust/gated-documents'
import { listDocumentRequestsInput } from './document-request.schema'

export const listDocumentRequestsProcedure = platformAdminProcedure
  .input(listDocumentRequestsInput)
  .query(({ ctx, input }) => listDocumentRequests(ctx.db, input))
