import { z } from 'zod'

const optionalAmount = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.coerce.number().int('Whole numbers only').min(0, 'Cannot be negative').max(100_000_000).optional(),
)

export const createJobInput = z.object({
  title: z.string().trim().min(1, 'Give the job a title').max(160, 'Use at most 160 characters'),
  description: z.string().trim().max(20_000, 'Use at most 20,000 characters').default(''),
  location: z.string().trim().max(160).default(''),
  region: z.enum(['EU', 'US']).default('EU'),
  compensationMin: optionalAmount,
  compensationMax: optionalAmount,
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'Use a 3-letter currency code').default('EUR'),
})
