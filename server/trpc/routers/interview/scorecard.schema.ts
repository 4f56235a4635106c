import { z } from 'zod'

export const submitScorecardInput = z.object({
  interviewId: z.string().min(1).max(40),
  ratings: z
    .array(
      z.object({
        competencyId: z.string().min(1).max(40),
        rating: z.coerce.number().int('A whole number').min(1, 'From 1').max(4, 'To 4'),
        note: z.string().max(2000, 'At most 2000 characters').optional(),
      }),
    )
    .max(30),
  recommendation: z.enum(['STRONG_NO', 'NO', 'YES', 'STRONG_YES']),
  summary: z.string().max(5000, 'At most 5000 characters').default(''),
})
