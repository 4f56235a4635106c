import { permissionProcedure } from '../../procedures'
import { getAuditEvent } from '../../../audit/query'
import { AppError } from '../../../errors'
import { auditEventIdInput } from './get-audit-event.schema'

export const getAuditEventProcedure = permissionProcedure('audit.read')
  .input(auditEventIdInput)
  .query(async ({ ctx, input }) => {
    const event = await getAuditEvent(ctx.db, ctx.org.id, input.eventId)
    if (!event) throw new AppError('NOT_FOUND', 'Audit event not found')
    return event
  })
