import { z } from 'zod'

export const listOrganizationsInput = z.object({ query: z.string().trim().max(200).optional() })
