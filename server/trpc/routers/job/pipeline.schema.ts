import { z } from 'zod'

export const jobPipelineInput = z.object({ jobId: z.string().min(1).max(40) })

export const setRubricInput = z.object({
  jobId: z.string().min(1).max(40),
  competencies: z
    .array(
      z.object({
        name: z.string().trim().min(1, 'Name the competency').max(120, 'At most 120 characters'),
        description: z.string().max(2000, 'At most 2000 characters').optional(),
        weight: z.coerce.number().int('A whole number').min(1, 'At least 1').max(10, 'At most 10'),
      }),
    )
    .max(30, 'At most 30 competencies'),
})
