import { permissionProcedure } from '../../procedures'
import { privacyExport } from '../../../services/privacy/requests'
import { privacyRequestIdInput } from './privacy.schema'

/** The access/portability package (JSON and CSV) of a request, for the download routes. */
export const privacyExportProcedure = permissionProcedure('privacy_requests.manage')
  .input(privacyRequestIdInput)
  .query(({ ctx, input }) => privacyExport(ctx.db, ctx.access, input.requestId))
