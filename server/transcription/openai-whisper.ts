/**
 * OpenAI speech-to-text (Whisper): one multipart request, the recording streamed from disk, `verbose_json` segments back.
 * No diarization: every segment is 'Speaker 1'. The SDK never retries (maxRetries 0): retries belong to the job queue.
 */
import fs from 'node:fs'
import OpenAI, { toStreamingFile } from 'openai'
import { z } from 'zod'
import {
  abortedError,
  beginTranscription,
  engineDescriptions,
  errorForStatus,
  malformedError,
  retryAfterSeconds,
  type Segment,
  timeoutError,
  type TranscriptionEngine,
  TranscriptionError,
  type TranscriptionInput,
  type TranscriptionResult,
} from './types'

export type OpenAIEngineOptions = {
  apiKey: string
  /** For OpenAI-compatible gateways and tests; the SDK default otherwise. */
  baseURL?: string
  /** Must support `verbose_json` with segment timestamps (whisper-1 does; the gpt-4o transcribe models do not). */
  model?: string
  /** Bounds the whole request, upload and response body included. */
  timeoutMs: number
}

const provider = 'OpenAI'

const seconds = z.number().nonnegative().finite()

/** The part of verbose_json we rely on; anything else may change without harm. */
const verboseTranscript = z.object({
  language: z.string().nullish(),
  duration: seconds.nullish(),
  segments: z.array(
    z
      .object({ start: seconds, end: seconds, text: z.string() })
      .refine((segment) => segment.end >= segment.start, 'segment ends before it starts'),
  ),
})

export function createOpenAIEngine(options: OpenAIEngineOptions): TranscriptionEngine {
  const { apiKey, baseURL, model = 'whisper-1', timeoutMs } = options
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: timeoutMs })

  return {
    id: 'openai',
    ...engineDescriptions.openai,
    async transcribe(input: TranscriptionInput): Promise<TranscriptionResult> {
      // The SDK timeout stops at the response headers; this deadline also covers a body that never finishes.
      const { progress, signal, deadline } = await beginTranscription(input, timeoutMs)

      progress(0, 'Sending the recording to OpenAI')
      const audio = fs.createReadStream(input.filePath)
      let response: unknown
      try {
        response = await client.audio.transcriptions.create(
          {
            file: toStreamingFile(audio, input.fileName || 'recording', { type: input.contentType }),
            model,
            response_format: 'verbose_json',
            timestamp_granularities: ['segment'],
          },
          { signal },
        )
      } catch (err) {
        if (input.signal?.aborted) throw abortedError(err)
        if (deadline.aborted) throw timeoutError(err)
        throw openAIError(err)
      } finally {
        // A request that fails before reading the whole file would otherwise keep the descriptor open.
        audio.destroy()
      }

      const parsed = verboseTranscript.safeParse(response)
      if (!parsed.success) throw malformedError(parsed.error)
      const segments: Segment[] = []
      for (const segment of parsed.data.segments) {
        const text = segment.text.replace(/\s+/g, ' ').trim()
        if (!text) continue
        const [startMs, endMs] = [Math.round(segment.start * 1000), Math.round(segment.end * 1000)]
        segments.push({ speaker: 'Speaker 1', startMs, endMs, text })
      }
      segments.sort((a, b) => a.startMs - b.startMs)
      progress(100, 'Transcript received')
      const { language, duration } = parsed.data
      return {
        engine: 'openai',
        model,
        segments,
        ...(language ? { language } : {}),
        ...(duration == null ? {} : { durationMs: Math.round(duration * 1000) }),
      }
    },
  }
}

/**
 * SDK error → TranscriptionError. Order matters: abort, timeout and connection errors are all APIErrors without a status,
 * and the timeout class extends the connection one.
 */
function openAIError(err: unknown): TranscriptionError {
  if (err instanceof TranscriptionError) return err
  if (err instanceof OpenAI.APIUserAbortError) return abortedError(err)
  if (err instanceof OpenAI.APIConnectionTimeoutError) return timeoutError(err)
  if (err instanceof OpenAI.APIConnectionError) {
    return new TranscriptionError(`${provider} could not be reached`, { kind: 'network', cause: err })
  }
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const detail = err.error && typeof err.error === 'object' && 'message' in err.error ? err.error.message : undefined
    return errorForStatus(err.status, {
      provider,
      detail: typeof detail === 'string' ? detail : undefined,
      retryAfterSeconds: retryAfterSeconds(err.headers),
      cause: err,
    })
  }
  // A 2xx body that is not JSON despite its content type.
  if (err instanceof SyntaxError) return malformedError(err)
  return new TranscriptionError('The transcription failed', { kind: 'failed', cause: err })
}
