import { z } from 'zod'

export const fileObjectionInput = z.object({
  /** The public id of an announced change (not a tenant record). */
  change: z.string().min(1).max(100),
  reason: z.string().trim().min(10, 'Explain the objection in at least 10 characters').max(4000, 'Use at most 4,000 characters'),
})
