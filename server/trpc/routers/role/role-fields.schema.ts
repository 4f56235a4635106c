import { z } from 'zod'
import { allPermissions, type Permission } from '../../../authz/permissions'

/** Checkbox-friendly booleans: forms send "on"/"true"/"false"; APIs send booleans. */
const flag = z.preprocess((v) => (v === 'on' || v === 'true' ? true : v === 'false' || v === undefined ? false : v), z.boolean())

export const roleFieldsInput = z.object({
  name: z.string().trim().min(1, 'Name the role').max(60, 'Use at most 60 characters'),
  description: z.string().trim().max(300, 'Use at most 300 characters').default(''),
  permissions: z
    .array(z.enum(allPermissions as [Permission, ...Permission[]], { errorMap: () => ({ message: 'Unknown permission' }) }))
    .max(allPermissions.length)
    .transform((list) => [...new Set(list)]),
  jobVisibility: z.enum(['ALL', 'ASSIGNED']).default('ALL'),
  seeCandidateContact: flag,
  seeCompensation: flag,
  seeAiScores: flag,
  seeRecordings: flag,
})
