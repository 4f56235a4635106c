import { z } from 'zod'

/** Six digits, optionally grouped as "123 456" the way authenticator apps show them. */
export const totpCode = z
  .string()
  .trim()
  .regex(/^\d{3} ?\d{3}$/, 'Enter the 6-digit code from your authenticator app')

export const twoFactorCodeInput = z.object({ code: totpCode })

export const disableTwoFactorInput = z.object({
  password: z.string().min(1, 'Enter your password').max(256, 'Password is too long'),
  code: z
    .string()
    .trim()
    .min(1, 'Enter a code from your authenticator app or a recovery code')
    .max(40, 'That is not a code'),
})
