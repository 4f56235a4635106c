import { z } from 'zod'
import { calendarDate } from '../calendar-date.schema'
import { countryCode } from '../candidate/create-candidate.schema'
import { formFlag } from '../form-flag.schema'

/** Opt-in: email the candidate about their request (when they have an address); off unless the admin asks. */
const notifyCandidate = z.preprocess((v) => v ?? false, formFlag)

export const privacyRequestKinds = ['ACCESS', 'PORTABILITY', 'RECTIFICATION', 'ERASURE', 'RESTRICTION', 'OBJECTION', 'CONSENT_WITHDRAWAL'] as const

export const createPrivacyRequestInput = z.object({
  candidateId: z.string().min(1).max(40),
  kind: z.enum(privacyRequestKinds, { errorMap: () => ({ message: 'Choose the kind of request' }) }),
  /** How it arrived and how the requester was verified; no personal data. */
  note: z.string().max(2000, 'At most 2000 characters').default(''),
  receivedAt: calendarDate('Enter the date the request was received').optional(),
  notifyCandidate,
})
export const privacyRequestIdInput = z.object({ requestId: z.string().min(1).max(40) })
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional()
export const completePrivacyRequestInput = z.object({
  requestId: z.string().min(1).max(40),
  /** For rectification: only the fields to correct. */
  rectification: z
    .object({
      name: optionalText(200),
      email: z.string().trim().email('Enter a valid email address').max(320).nullable().optional(),
      phone: z.string().trim().max(40).nullable().optional(),
      location: z.string().trim().max(200).optional(),
      country: countryCode.optional(),
    })
    .strict()
    .optional(),
  notifyCandidate,
})
export const rejectPrivacyRequestInput = z.object({
  requestId: z.string().min(1).max(40),
  reason: z.string().trim().min(10, 'Give the reason (at least 10 characters)').max(2000),
  notifyCandidate,
})
export const liftRestrictionInput = z.object({ candidateId: z.string().min(1).max(40) })
