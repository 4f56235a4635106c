import { z } from 'zod'

export const subscribeInput = z.object({
  email: z.string().trim().max(254, 'Email is too long').email('Enter a valid email address'),
})

export const subscriptionTokenInput = z.object({ token: z.string().min(20, 'This link is incomplete').max(200) })
