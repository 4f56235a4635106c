import { z } from 'zod'

export const auditEventIdInput = z.object({ eventId: z.string().min(1).max(64) })
