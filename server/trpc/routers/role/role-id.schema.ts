import { z } from 'zod'

export const roleIdInput = z.object({ roleId: z.string().min(1).max(64) })
