import { permissionProcedure } from '../../procedures'
import { appendAuditEvent } from '../../../audit/append'
import { beginAuditExportInput } from './begin-audit-export.schema'

/**
 * Authorizes and records an export; the HTTP route then streams it. Exports
 * are themselves audited: who took a copy of the log, when, with what filters.
 */
export const beginAuditExportProcedure = permissionProcedure('audit.export')
  .input(beginAuditExportInput)
  .mutation(async ({ ctx, input: { format, ...filters } }) => {
    await ctx.db.prisma.$transaction((tx) =>
      appendAuditEvent(tx, ctx.audit, { orgId: ctx.org.id, action: 'audit.exported', metadata: { format, filters } }),
    )
    return { orgId: ctx.org.id, filters, format }
  })
