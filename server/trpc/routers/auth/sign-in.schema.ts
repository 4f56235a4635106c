import { z } from 'zod'

export const signInInput = z.object({
  email: z.string().trim().min(1, 'Enter your email').max(254, 'Email is too long').email('Enter a valid email address'),
  password: z.string().min(1, 'Enter your password').max(256, 'Password is too long'),
})
