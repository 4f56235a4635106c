import { z } from 'zod'

export const jobIdInput = z.object({ jobId: z.string().min(1).max(64) })
