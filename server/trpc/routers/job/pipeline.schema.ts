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

export const setStagesInput = z.object({
  jobId: z.string().min(1).max(40),
  stages: z
    .array(
      z.object({
        /** An existing open stage (kept with its applications); absent for a new stage. */
        id: z.string().min(1).max(40).optional(),
        name: z.string().trim().min(1, 'Name the stage').max(60, 'At most 60 characters'),
      }),
    )
    .min(1, 'Keep at least one open stage')
    .max(12, 'At most 12 open stages'),
})
