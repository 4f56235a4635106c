import { z } from 'zod'
import { jobIdInput } from './job-id.schema'

export const setJobAssignmentInput = jobIdInput.extend({
  userId: z.string().min(1).max(64),
  assigned: z.boolean(),
})
