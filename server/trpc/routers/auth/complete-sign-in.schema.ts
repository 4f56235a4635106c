import { z } from 'zod'

export const completeSignInInput = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the code from your authenticator app')
    .max(40, 'That is not a code')
    .regex(/^[0-9A-Za-z\s-]+$/, 'Enter the 6-digit code or a recovery code'),
})
