import { z } from 'zod'

export const switchOrgInput = z.object({ orgId: z.string().min(1).max(64) })
