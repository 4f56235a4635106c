import { z } from 'zod'
import { auditFiltersInput } from './audit-filters.schema'

export const beginAuditExportInput = auditFiltersInput.extend({ format: z.enum(['csv', 'ndjson']) })
