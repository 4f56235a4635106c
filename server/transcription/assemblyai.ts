/**
 * AssemblyAI speech-to-text with speaker labels: upload the recording, submit a transcript job, poll until it is done.
 *
 * The SDK's FileService and TranscriptService do the requests, with one change to their transport (`fetchResponse`):
 * - every request carries an AbortSignal (caller's signal + overall deadline); the SDK itself accepts none, so a hung
 *   request could otherwise never be stopped;
 * - an HTTP status ≥ 400 becomes a TranscriptionError with that status. The SDK throws a plain Error with the body text
 *   and loses the status, which is what decides between "retry later" (429, 5xx) and "give up" (401, 400).
 * The SDK's own `transcribe`/`waitUntilReady` are not used: their polling can be neither cancelled nor bounded per request.
 */
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type BaseServiceParams, FileService, TranscriptService } from 'assemblyai'
import { z } from 'zod'
import {
  abortedError,
  beginTranscription,
  engineDescriptions,
  errorForStatus,
  malformedError,
  providerDetail,
  retryAfterSeconds,
  type Segment,
  timeoutError,
  type TranscriptionEngine,
  TranscriptionError,
  type TranscriptionInput,
  type TranscriptionResult,
} from './types'

export type AssemblyAIEngineOptions = {
  apiKey: string
  /** For tests and regional endpoints; the SDK default (https://api.assemblyai.com) otherwise. */
  baseUrl?: string
  /** Bounds the whole job: upload, queueing, processing and every poll. */
  timeoutMs: number
  pollIntervalMs?: number
}

const provider = 'AssemblyAI'
const defaultBaseUrl = 'https://api.assemblyai.com'
/** AssemblyAI names its default models per request; the transcript reports which one ran in `speech_model`. */
const defaultModelName = 'assemblyai'

const transcriptStatus = z.object({ id: z.string().min(1), status: z.enum(['queued', 'processing', 'completed', 'error']) })

const transcriptFailure = z.object({ status: z.literal('error'), error: z.string().nullish() })

const milliseconds = z.number().nonnegative().finite()

const completedTranscript = z.object({
  status: z.literal('completed'),
  speech_model: z.string().nullish(),
  language_code: z.string().nullish(),
  /** Seconds. */
  audio_duration: z.number().nonnegative().finite().nullish(),
  text: z.string().nullish(),
  /** Milliseconds; speakers 'A', 'B'… */
  utterances: z
    .array(
      z
        .object({ speaker: z.string(), start: milliseconds, end: milliseconds, text: z.string() })
        .refine((utterance) => utterance.end >= utterance.start, 'utterance ends before it starts'),
    )
    .nullish(),
})

/** The SDK's services, with every request bounded by `signal` and HTTP errors keeping their status. */
class BoundedFileService extends FileService {
  constructor(
    params: BaseServiceParams,
    private readonly signal: AbortSignal,
  ) {
    super(params)
  }

  protected override async fetchResponse(input: string, init?: RequestInit): Promise<Response> {
    return checkStatus(await super.fetchResponse(input, { ...init, signal: this.signal }))
  }
}

class BoundedTranscriptService extends TranscriptService {
  constructor(
    params: BaseServiceParams,
    files: FileService,
    private readonly signal: AbortSignal,
  ) {
    super(params, files)
  }

  protected override async fetchResponse(input: string, init?: RequestInit): Promise<Response> {
    return checkStatus(await super.fetchResponse(input, { ...init, signal: this.signal }))
  }
}

async function checkStatus(response: Response): Promise<Response> {
  if (response.status < 400) return response
  const body = await response.text().catch(() => '')
  let detail: string | undefined = body
  try {
    const json: unknown = JSON.parse(body)
    if (json && typeof json === 'object' && 'error' in json && typeof json.error === 'string') detail = json.error
  } catch {
    // not JSON: the text itself is the detail
  }
  throw errorForStatus(response.status, { provider, detail, retryAfterSeconds: retryAfterSeconds(response.headers) })
}

export function createAssemblyAIEngine(options: AssemblyAIEngineOptions): TranscriptionEngine {
  const { apiKey, baseUrl, timeoutMs, pollIntervalMs = 3000 } = options
  // The services join baseUrl and '/v2/…' as strings and, unlike the AssemblyAI class, apply no default.
  const params: BaseServiceParams = { apiKey, baseUrl: (baseUrl || defaultBaseUrl).replace(/\/+$/, '') }

  return {
    id: 'assemblyai',
    ...engineDescriptions.assemblyai,
    async transcribe(input: TranscriptionInput): Promise<TranscriptionResult> {
      const { progress, signal, deadline } = await beginTranscription(input, timeoutMs)
      const files = new BoundedFileService(params, signal)
      const transcripts = new BoundedTranscriptService(params, files, signal)

      try {
        progress(0, 'Uploading the recording to AssemblyAI')
        // Absolute, so that a name starting with "data:" is never taken for a data URL.
        const uploadUrl: unknown = await files.upload(path.resolve(input.filePath))
        if (typeof uploadUrl !== 'string' || !uploadUrl) throw malformedError(new Error('upload_url missing'))

        progress(10, 'Submitting the transcription job')
        let transcript: unknown = await transcripts.submit({ audio_url: uploadUrl, speaker_labels: true })
        const submittedAt = Date.now()
        for (;;) {
          const current = transcriptStatus.safeParse(transcript)
          if (!current.success) throw malformedError(current.error)
          const { id, status } = current.data
          if (status === 'completed' || status === 'error') break
          const note = status === 'queued' ? 'Queued at AssemblyAI' : 'AssemblyAI is transcribing'
          progress(estimatePercent(Date.now() - submittedAt), note)
          await sleep(pollIntervalMs, undefined, { signal })
          transcript = await transcripts.get(id)
        }

        const failed = transcriptFailure.safeParse(transcript)
        if (failed.success) {
          const reason = providerDetail(failed.data.error)
          const message = `AssemblyAI could not transcribe the recording${reason ? `: ${reason}` : ''}`
          throw new TranscriptionError(message, { kind: 'provider_error' })
        }
        const result = toResult(transcript)
        progress(100, 'Transcript received')
        return result
      } catch (err) {
        if (input.signal?.aborted) throw abortedError(err)
        if (deadline.aborted) throw timeoutError(err)
        throw assemblyAIError(err)
      }
    },
  }
}

/**
 * AssemblyAI reports no progress: 15% once submitted, then half of the remaining way to 95% every minute. An estimate
 * that keeps moving without ever claiming to be done.
 */
function estimatePercent(elapsedMs: number) {
  return 15 + 80 * (1 - 0.5 ** (elapsedMs / 60_000))
}

function toResult(transcript: unknown): TranscriptionResult {
  const parsed = completedTranscript.safeParse(transcript)
  if (!parsed.success) throw malformedError(parsed.error)
  const { utterances, text, speech_model, language_code, audio_duration } = parsed.data
  const durationMs = audio_duration == null ? undefined : Math.round(audio_duration * 1000)
  const segments: Segment[] = []
  for (const utterance of utterances ?? []) {
    const body = utterance.text.replace(/\s+/g, ' ').trim()
    if (!body) continue
    const [startMs, endMs] = [Math.round(utterance.start), Math.round(utterance.end)]
    segments.push({ speaker: speakerName(utterance.speaker), startMs, endMs, text: body })
  }
  // Without utterances (speaker labels not applied) the text is still the transcript: one turn spanning the recording.
  const plain = text?.replace(/\s+/g, ' ').trim()
  if (!utterances && plain) segments.push({ speaker: 'Speaker 1', startMs: 0, endMs: durationMs ?? 0, text: plain })
  segments.sort((a, b) => a.startMs - b.startMs)
  return {
    engine: 'assemblyai',
    model: speech_model || defaultModelName,
    segments,
    ...(language_code ? { language: language_code } : {}),
    ...(durationMs === undefined ? {} : { durationMs }),
  }
}

/** 'A' → 'Speaker A' (the convention of server/transcripts/formats.ts); anything else is kept, blank → 'Speaker 1'. */
function speakerName(label: string) {
  const name = label.trim()
  if (/^[A-Z]{1,2}$/.test(name)) return `Speaker ${name}`
  return name || 'Speaker 1'
}

function assemblyAIError(err: unknown): TranscriptionError {
  if (err instanceof TranscriptionError) return err
  // undici reports refused connections and DNS failures as TypeError('fetch failed'), a connection lost while reading
  // the body as TypeError('terminated'), each with the reason as cause.
  if (err instanceof TypeError && (err.message === 'fetch failed' || err.message === 'terminated')) {
    return new TranscriptionError(`${provider} could not be reached`, { kind: 'network', cause: err })
  }
  // A 2xx body that is not JSON.
  if (err instanceof SyntaxError) return malformedError(err)
  return new TranscriptionError('The transcription failed', { kind: 'failed', cause: err })
}
