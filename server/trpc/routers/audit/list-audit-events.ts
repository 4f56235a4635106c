import { permissionProcedure } from '../../procedures'
import { searchAuditEvents } from '../../../audit/query'
import { listAuditEventsInput } from './list-audit-events.schema'

export const listAuditEventsProcedure = permissionProcedure('audit.read')
  .input(listAuditEventsInput)
  .query(({ ctx, input: { before, limit, ...filters } }) => searchAuditEvents(ctx.db, ctx.org.id, filters, { before, limit }))
