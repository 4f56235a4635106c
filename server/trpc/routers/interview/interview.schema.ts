import { z } from 'zod'
import { formFlag } from '../form-flag.schema'

export const createInterviewInput = z.object({
  applicationId: z.string().min(1).max(40),
  title: z.string().trim().min(1, 'Name the interview, e.g. “Technical interview”').max(160, 'At most 160 characters'),
})
export const interviewIdInput = z.object({ interviewId: z.string().min(1).max(40) })
export const getInterviewInput = z.object({ interviewId: z.string().min(1).max(40), query: z.string().max(200).optional() })
export const jobInterviewsInput = z.object({ jobId: z.string().min(1).max(40) })
export const importTranscriptInput = z.object({
  interviewId: z.string().min(1).max(40),
  content: z.string().min(1, 'Paste or upload the transcript').max(5 * 1024 * 1024, 'At most 5 MB'),
  format: z.enum(['webvtt', 'srt', 'json', 'text']).optional(),
})
export const renameSpeakerInput = z.object({
  interviewId: z.string().min(1).max(40),
  from: z.string().min(1).max(100),
  to: z.string().trim().min(1, 'Enter the new name').max(100, 'At most 100 characters'),
})
export const setParticipantInput = z.object({
  interviewId: z.string().min(1).max(40),
  userId: z.string().min(1).max(40),
  present: formFlag,
})
export const runAnalysisInput = z.object({ interviewId: z.string().min(1).max(40), candidateSpeaker: z.string().max(100).optional() })

/** The request body, streamed: only server-side callers (the upload route) can pass one. */
export const byteStream = z.custom<AsyncIterable<Uint8Array>>(
  (value) => typeof value === 'object' && value !== null && typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function',
  'Send the file as the request body',
)
export const uploadRecordingInput = z.object({
  interviewId: z.string().min(1).max(40),
  fileName: z.string().max(1000).default(''),
  /** From Content-Length, when the client sent one: an oversized upload is refused before it is read. */
  declaredBytes: z.number().int().min(0).optional(),
  /** One of the available engines; the first available one when absent. */
  engine: z.enum(['assemblyai', 'openai', 'local']).optional(),
  body: byteStream,
})
