import { z } from 'zod'
import { maxEntries } from '../../../services/ip-allowlist/ip-allowlist'

export const replaceAllowlistInput = z.object({
  entries: z
    .array(z.object({ cidr: z.string().trim().min(1).max(64), label: z.string().trim().max(100).optional() }))
    .max(maxEntries, `At most ${maxEntries} entries`),
})
