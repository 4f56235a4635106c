import { z } from 'zod'
import { isCountryCode } from '../../../services/candidates/countries'

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

/** ISO 3166-1 alpha-2, any case; it decides the consent notice's language and legal regime. */
export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'Choose a country from the list')

export const createCandidateInput = z.object({
  name: z.string().trim().min(1, 'Enter the candidate name').max(160, 'Use at most 160 characters'),
  email: z.preprocess(blankToUndefined, z.string().trim().max(254).email('Enter a valid email address').optional()),
  phone: z.preprocess(
    blankToUndefined,
    z.string().trim().max(40).regex(/^[+0-9 ()./-]{5,40}$/, 'Enter a valid phone number').optional(),
  ),
  location: z.string().trim().max(160).default(''),
  country: z.preprocess(blankToUndefined, countryCode.optional()),
  expectedCompensation: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(100_000_000).optional()),
  jobId: z.preprocess(blankToUndefined, z.string().max(64).optional()),
})
