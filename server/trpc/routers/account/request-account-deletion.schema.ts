import { z } from 'zod'

/** A password (accounts that have one) or the typed email (SSO and Clerk accounts); the service checks the right one. */
export const requestAccountDeletionInput = z.object({
  password: z.string().max(256, 'Password is too long').optional(),
  confirmEmail: z.string().max(320, 'That is not your email').optional(),
})
