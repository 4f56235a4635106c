import { z } from 'zod'

export const setPlanInput = z.object({
  orgId: z.string().trim().min(1, 'Choose an organization').max(100),
  plan: z.enum(['STANDARD', 'ENTERPRISE'], { errorMap: () => ({ message: 'Choose Standard or Enterprise' }) }),
  /** Kept in the platform trail and the organization's log: the contract, ticket or reason. */
  reason: z
    .string()
    .trim()
    .min(3, 'Say why, e.g. the contract or ticket (at least 3 characters)')
    .max(300, 'Keep the reason under 300 characters'),
})
