import { z } from 'zod'
import { passwordRules } from '../../../auth/password'
import { formFlag } from '../form-flag.schema'

export const signUpInput = z.object({
  name: z.string().trim().min(1, 'Enter your name').max(120, 'Use at most 120 characters'),
  email: z.string().trim().max(254, 'Email is too long').email('Enter a valid email address'),
  password: z
    .string()
    .min(passwordRules.minLength, `Use at least ${passwordRules.minLength} characters`)
    .max(passwordRules.maxLength, `Use at most ${passwordRules.maxLength} characters`),
  organizationName: z.string().trim().min(1, 'Name your organization').max(120, 'Use at most 120 characters'),
  /** Hireproof is for adults: the person confirms they are 18 or older. */
  ageConfirmed: z.preprocess((v) => v ?? false, formFlag).refine((v) => v === true, 'Confirm that you are 18 or older'),
})
