import { z } from 'zod'

export const invitationTokenInput = z.object({ token: z.string().min(20).max(200) })
