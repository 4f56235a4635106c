import { z } from 'zod'

export const emailIdInput = z.object({ emailId: z.string().min(1).max(40) })
