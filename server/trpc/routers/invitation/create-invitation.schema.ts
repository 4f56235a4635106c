import { z } from 'zod'

export const createInvitationInput = z.object({
  email: z.string().trim().max(254, 'Email is too long').email('Enter a valid email address'),
  roleId: z.string().min(1, 'Choose a role').max(64),
})
