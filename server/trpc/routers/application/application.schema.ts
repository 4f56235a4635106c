import { z } from 'zod'

export const applicationIdInput = z.object({ applicationId: z.string().min(1).max(40) })

export const decideApplicationInput = z.object({
  applicationId: z.string().min(1).max(40),
  kind: z.enum(['ADVANCE', 'MOVE', 'REJECT', 'HIRE']),
  toStageId: z.string().min(1).max(40).optional(),
  reason: z.string().trim().min(10, 'Give a reason of at least 10 characters').max(2000, 'At most 2000 characters'),
})
