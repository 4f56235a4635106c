import { z } from 'zod'

export const revokeInvitationInput = z.object({ invitationId: z.string().min(1).max(64) })
