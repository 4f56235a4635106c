import { z } from 'zod'

export const createScimTokenInput = z.object({
  name: z.string().trim().min(1, 'Name the token after the system that uses it, e.g. “Entra ID”').max(80, 'At most 80 characters'),
})
export const revokeScimTokenInput = z.object({ tokenId: z.string().min(1).max(40) })
export const mapScimGroupInput = z.object({
  groupId: z.string().min(1).max(40),
  /** "" (from a form's "no role" option) clears the mapping. */
  roleId: z
    .string()
    .max(40)
    .nullable()
    .transform((value) => value || null),
})
