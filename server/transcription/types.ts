/**
 * Speech-to-text engines turn an interview recording into speaker turns (the same `Segment` the analyzers read).
 * Every engine failure is a `TranscriptionError` whose `retryable` flag tells the durable job queue whether another
 * attempt can succeed; engines never retry themselves. See README.md next to this file.
 */
import fs from 'node:fs/promises'
import type { Segment } from '../analysis/local-analyzer'

export type { Segment }

export type TranscriptionInput = {
  /** A local file; it is read, never modified or deleted. */
  filePath: string
  /** As uploaded (e.g. 'audio/wav'): OpenAI receives it as the file's type, the local engine picks its decoder by it. */
  contentType: string
  /** The original name: OpenAI infers the format from its extension; the local engine falls back to it. */
  fileName: string
  /** Aborting rejects with a retryable TranscriptionError of kind 'aborted' and stops all work (requests, processes). */
  signal?: AbortSignal
  /** 0–100, never decreasing, with a short human note; estimates where the provider reports no progress. */
  onProgress?: (percent: number, note: string) => void
}

export type TranscriptionResult = {
  engine: TranscriptionEngine['id']
  model: string
  /** Ordered by start; text trimmed and non-empty. May be empty when no speech was recognised. */
  segments: Segment[]
  language?: string
  durationMs?: number
}

export interface TranscriptionEngine {
  id: 'openai' | 'assemblyai' | 'local'
  label: string
  /** Whether the engine tells speakers apart (otherwise every segment is 'Speaker 1'). */
  diarization: boolean
  transcribe(input: TranscriptionInput): Promise<TranscriptionResult>
}

/** Names and abilities, known without building an engine (for listing unavailable ones too). */
export const engineDescriptions = {
  openai: { label: 'OpenAI Whisper', diarization: false },
  assemblyai: { label: 'AssemblyAI', diarization: true },
  local: { label: 'Local (PocketSphinx, English)', diarization: true },
} satisfies Record<TranscriptionEngine['id'], { label: string; diarization: boolean }>

export type TranscriptionErrorKind =
  | 'timeout'
  | 'network'
  | 'rate_limited'
  | 'provider_unavailable'
  | 'aborted'
  | 'unauthorized'
  | 'rejected'
  | 'unsupported_audio'
  | 'missing_file'
  | 'malformed_response'
  | 'provider_error'
  | 'unavailable'
  | 'failed'

/** Kinds worth another attempt later: the provider, the network or the deadline, not the input or the configuration. */
const retryableKinds = new Set<TranscriptionErrorKind>(['timeout', 'network', 'rate_limited', 'provider_unavailable', 'aborted'])

/** The message is short and safe to show to a recruiter; details for logs live in `cause`. */
export class TranscriptionError extends Error {
  override name = 'TranscriptionError'
  readonly kind: TranscriptionErrorKind
  readonly retryable: boolean
  /** The provider's HTTP status, when there was one. */
  readonly status?: number
  /** From a Retry-After header (429/503), when the provider sent one. */
  readonly retryAfterSeconds?: number

  constructor(
    message: string,
    options: { kind: TranscriptionErrorKind; status?: number; retryAfterSeconds?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause })
    this.kind = options.kind
    this.retryable = retryableKinds.has(options.kind)
    this.status = options.status
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export const unreadableTranscriptMessage = 'The provider returned an unreadable transcript'

export const timeoutError = (cause?: unknown) =>
  new TranscriptionError('The transcription did not finish in time', { kind: 'timeout', cause })

export const abortedError = (cause?: unknown) =>
  new TranscriptionError('The transcription was cancelled', { kind: 'aborted', cause })

export const malformedError = (cause?: unknown) =>
  new TranscriptionError(unreadableTranscriptMessage, { kind: 'malformed_response', cause })

/** Provider text quoted in a message: one line, bounded. */
export function providerDetail(detail: unknown): string | undefined {
  if (typeof detail !== 'string') return undefined
  const line = detail.replace(/\s+/g, ' ').trim()
  return line ? (line.length > 200 ? `${line.slice(0, 197)}...` : line) : undefined
}

/** HTTP status → error. 408, 429 and 5xx are the provider's condition (retryable); other 4xx are about our request. */
export function errorForStatus(
  status: number,
  options: { provider: string; detail?: string; retryAfterSeconds?: number; cause?: unknown },
): TranscriptionError {
  const { provider, retryAfterSeconds, cause } = options
  const detail = providerDetail(options.detail)
  const base = { status, retryAfterSeconds, cause }
  if (status === 408) return new TranscriptionError(`${provider} did not answer in time`, { ...base, kind: 'timeout' })
  if (status === 429) {
    return new TranscriptionError(`${provider} is rate limiting requests; try again later`, { ...base, kind: 'rate_limited' })
  }
  if (status >= 500) {
    return new TranscriptionError(`${provider} is unavailable; try again later`, { ...base, kind: 'provider_unavailable' })
  }
  if (status === 401 || status === 403) {
    return new TranscriptionError(`${provider} rejected the API key`, { ...base, kind: 'unauthorized' })
  }
  if (status === 413) return new TranscriptionError(`The recording is too large for ${provider}`, { ...base, kind: 'rejected' })
  const suffix = detail ? `: ${detail}` : ''
  return new TranscriptionError(`${provider} could not process the recording${suffix}`, { ...base, kind: 'rejected' })
}

/** Retry-After in seconds (delta form only; an HTTP date is ignored). */
export function retryAfterSeconds(headers: { get(name: string): string | null } | undefined): number | undefined {
  const value = headers?.get('retry-after')
  return value && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : undefined
}

/** Fails early and clearly (non-retryable) when the recording is not a readable regular file. */
export async function assertReadableFile(filePath: string): Promise<void> {
  try {
    const stat = await fs.stat(filePath)
    if (!stat.isFile()) throw new Error('not a regular file')
  } catch (err) {
    throw new TranscriptionError('The recording file is missing', { kind: 'missing_file', cause: err })
  }
}

/** Progress that only moves forward, stays within 0–100 and skips repeats, whatever order the estimates arrive in. */
export function forwardProgress(onProgress: TranscriptionInput['onProgress']): (percent: number, note: string) => void {
  let last = -1
  let lastNote = ''
  return (percent, note) => {
    if (!onProgress) return
    const value = Math.round(Math.min(100, Math.max(last, percent, 0)))
    if (value === last && note === lastNote) return
    last = value
    lastNote = note
    onProgress(value, note)
  }
}

/**
 * What every engine does first: progress that never goes back, an early abort,
 * the file check, and one signal for the caller's abort and the whole-job deadline.
 */
export async function beginTranscription(input: TranscriptionInput, timeoutMs: number) {
  const progress = forwardProgress(input.onProgress)
  if (input.signal?.aborted) throw abortedError(input.signal.reason)
  await assertReadableFile(input.filePath)
  const deadline = AbortSignal.timeout(timeoutMs)
  const signal = input.signal ? AbortSignal.any([input.signal, deadline]) : deadline
  return { progress, signal, deadline }
}
