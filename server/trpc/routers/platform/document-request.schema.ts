import { z } from 'zod'

export const listDocumentRequestsInput = z.object({ status: z.enum(['pending', 'approved', 'denied']).optional() })

export const decideDocumentRequestInput = z.object({
  requestId: z.string().min(1).max(100),
  decision: z.enum(['approve', 'deny']),
  note: z.string().trim().max(1000, 'Keep the note under 1,000 characters').optional(),
})
