import { z } from 'zod'

export const membershipIdInput = z.object({ membershipId: z.string().min(1).max(64) })
