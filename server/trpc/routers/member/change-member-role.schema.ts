import { z } from 'zod'
import { membershipIdInput } from './membership-id.schema'

export const changeMemberRoleInput = membershipIdInput.extend({ roleId: z.string().min(1, 'Choose a role').max(64) })
