import { z } from 'zod'
import { formFlag } from '../form-flag.schema'
import { countryCode } from '../candidate/create-candidate.schema'

const emptyToNull = (value: unknown) => (value === '' ? null : value)

export const createRetentionRuleInput = z.object({
  dataKind: z.enum(['RECORDINGS', 'TRANSCRIPTS', 'ANALYSES', 'CANDIDATE_PROFILES', 'DRAFT_ATTEMPTS'], { errorMap: () => ({ message: 'Choose the kind of data' }) }),
  action: z.enum(['DELETE', 'ANONYMISE'], { errorMap: () => ({ message: 'Choose delete or anonymise' }) }),
  afterDays: z.coerce.number({ invalid_type_error: 'Enter a number of days' }).int('Whole days').min(1, 'At least 1 day').max(3650, 'At most 3650 days'),
  region: z.preprocess(emptyToNull, z.enum(['EU', 'US']).nullable().optional()),
  jobId: z.preprocess(emptyToNull, z.string().min(1).max(40).nullable().optional()),
  /** Only candidates living in this country, e.g. TR for KVKK periods. */
  candidateCountry: z.preprocess(emptyToNull, countryCode.nullable().optional()),
  candidateStatus: z.enum(['ANY', 'ACTIVE', 'HIRED', 'REJECTED']).default('ANY'),
})
export const retentionRuleIdInput = z.object({ ruleId: z.string().min(1).max(40) })
export const setRetentionRuleEnabledInput = z.object({ ruleId: z.string().min(1).max(40), enabled: formFlag })
