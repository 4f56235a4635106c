import { z } from 'zod'

export const candidateIdInput = z.object({ candidateId: z.string().min(1).max(64) })
