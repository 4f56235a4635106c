import { z } from 'zod'

export const createOrgInput = z.object({
  name: z.string().trim().min(1, 'Name your organization').max(120, 'Use at most 120 characters'),
})
