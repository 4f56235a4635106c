import { z } from 'zod'
import { orgDeletionLimits } from '../../../services/org-deletion/schedule'

const { minDays, maxDays, defaultDays } = orgDeletionLimits

export const scheduleOrgDeletionInput = z.object({
  mode: z.enum(['RETURN_THEN_DELETE', 'DELETE'], { errorMap: () => ({ message: 'Choose whether to take the data back first' }) }),
  days: z.coerce
    .number({ invalid_type_error: 'Enter a number of days' })
    .int('Whole days')
    .min(minDays, `At least ${minDays} day`)
    .max(maxDays, `At most ${maxDays} days`)
    .default(defaultDays),
  /** The organization's name, typed by the member to confirm. */
  confirmName: z.string({ required_error: 'Type the organization’s name to confirm' }).max(200),
})
