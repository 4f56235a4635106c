import { z } from 'zod'

const token = z.string().trim().min(20, 'This consent link is not valid.').max(100, 'This consent link is not valid.')
const language = z.enum(['en', 'tr'], { message: 'Choose English or Turkish' })
const version = z.string().regex(/^[0-9a-f]{64}$/, 'The notice version is not valid.')
/** One answer per purpose; a purpose left out is a no. */
const answers = z
  .object({ RECORDING: z.boolean().optional(), AI_ANALYSIS: z.boolean().optional(), TRANSFER_ABROAD: z.boolean().optional() })
  .strict()

export const consentPageInput = z.object({ token, language: language.optional() })
export const answerConsentInput = z.object({ token, language, version, answers })
export const recordInPersonConsentInput = z.object({ candidateId: z.string().min(1).max(64), language, version, answers })
