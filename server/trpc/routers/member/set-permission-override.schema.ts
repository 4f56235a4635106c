import { z } from 'zod'
import { allPermissions, type Permission } from '../../../authz/permissions'
import { membershipIdInput } from './membership-id.schema'

export const setPermissionOverrideInput = membershipIdInput.extend({
  permission: z.enum(allPermissions as [Permission, ...Permission[]], { errorMap: () => ({ message: 'Unknown permission' }) }),
  /** NONE removes the override: the role decides again. */
  effect: z.enum(['GRANT', 'DENY', 'NONE']),
  reason: z.string().trim().max(300, 'Use at most 300 characters').default(''),
})
