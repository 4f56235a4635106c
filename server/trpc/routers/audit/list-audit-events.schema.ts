import { z } from 'zod'
import { auditFiltersInput } from './audit-filters.schema'

export const listAuditEventsInput = auditFiltersInput.extend({
  /** Keyset cursor: events with a lower sequence number than this. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
