import { z } from 'zod'

export const revokeMySessionInput = z.object({ sessionId: z.string().min(1).max(64) })
