import { authedProcedure } from '../../procedures'
import { beginAccountExport } from '../../../services/accounts/account-export'
import { beginAccountExportInput } from './begin-account-export.schema'

/** Authorises and audits a download of the user's own data; the download routes stream it (app/utils/account-export.server.ts). */
export const beginAccountExportProcedure = authedProcedure
  .input(beginAccountExportInput)
  .mutation(({ ctx, input }) => beginAccountExport(ctx.db, ctx.user, ctx.audit, input.format))
