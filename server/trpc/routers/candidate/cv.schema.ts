import { z } from 'zod'
import { byteStream } from '../interview/interview.schema'

export const uploadCvInput = z.object({
  candidateId: z.string().min(1).max(40),
  fileName: z.string().max(1000).default(''),
  declaredBytes: z.number().int().min(0).optional(),
  body: byteStream,
})
