import { z } from 'zod'
import { permissionProcedure } from '../../procedures'
import { beginOrgExport } from '../../../services/privacy/org-export'

/** Authorises and audits an export of the whole organization; the download routes stream it. */
export const beginOrgExportProcedure = permissionProcedure('privacy_requests.manage')
  .input(z.object({ format: z.enum(['json', 'csv']) }))
  .mutation(({ ctx, input }) => beginOrgExport(ctx.db, ctx.access, ctx.audit, input.format))
