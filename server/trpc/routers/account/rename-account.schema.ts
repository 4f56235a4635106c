import { z } from 'zod'

export const renameAccountInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name')
    .max(120, 'Use at most 120 characters')
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'Use letters, spaces and punctuation only'),
})
