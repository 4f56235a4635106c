import { z } from 'zod'
import { maxDurationHours } from '../../../services/support/support-access'

const grantTerms = {
  reason: z.string().trim().min(10, 'Say why in at least 10 characters').max(1000, 'Keep the reason under 1,000 characters'),
  scope: z.enum(['read_only', 'role'], { errorMap: () => ({ message: 'Choose read-only or a role' }) }),
  roleId: z.string().min(1).max(100).optional(),
  durationHours: z.coerce
    .number()
    .int('Use whole hours')
    .min(1, 'At least 1 hour')
    .max(maxDurationHours, `At most ${maxDurationHours} hours`)
    .default(maxDurationHours),
}

export const grantSupportAccessInput = z.object({
  staffEmail: z.string().trim().max(254).email('Enter the staff member’s email address'),
  ...grantTerms,
})

export const requestSupportAccessInput = z.object({ orgId: z.string().min(1).max(100), ...grantTerms })

export const supportGrantIdInput = z.object({ grantId: z.string().min(1).max(100) })

export const decideSupportRequestInput = supportGrantIdInput.extend({ approve: z.boolean() })
