import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Stand-ins for the speech-to-text APIs on 127.0.0.1, for the real `openai` and `assemblyai` SDKs:
 * - OpenAI: POST /v1/audio/transcriptions (multipart, `Authorization: Bearer <key>`), answering verbose_json;
 * - AssemblyAI: POST /v2/upload (raw bytes), POST /v2/transcript (JSON), GET /v2/transcript/:id (`authorization: <key>`),
 *   the job reporting 'queued', then 'processing' until `pollsBeforeDone` polls, then 'completed' (or 'error').
 * A wrong key gets the provider's 401. `fail` makes one endpoint answer with a status, hang, or send a body that is not
 * JSON or does not fit the provider's schema. Every request is recorded, oldest first.
 */
export type FakeFailure = 400 | 401 | 429 | 500 | 503 | 'hang' | 'malformed-json' | 'schema-mismatch'

export type RecordedRequest = {
  method: string
  path: string
  authorization?: string
  contentType?: string
  /** Size of the raw request body. */
  bytes: number
  /** Multipart fields other than files (OpenAI). */
  fields?: Record<string, string[]>
  /** The multipart file part (OpenAI). */
  file?: { name: string; type: string; size: number }
  /** A JSON body (AssemblyAI transcript requests). */
  json?: unknown
}

type FakeServer = {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

/** Calls `handler` with the whole request body; what it returns is ignored (a promise is awaited for errors). */
async function listen(handler: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => unknown) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      Promise.resolve(handler(req, Buffer.concat(chunks), res)).catch((err: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`fake server error: ${String(err)}`)
      })
    })
    req.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    // Hanging requests keep their sockets: end them, or close() would wait for the client's timeout.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body))

function record(req: http.IncomingMessage, body: Buffer): RecordedRequest {
  return {
    method: req.method ?? '',
    path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
    authorization: req.headers.authorization,
    contentType: req.headers['content-type'],
    bytes: body.length,
  }
}

// --- OpenAI ----------------------------------------------------------------------------------------------------------

export type WhisperSegment = { start: number; end: number; text: string }

export const whisperSegments: WhisperSegment[] = [
  { start: 0, end: 3.42, text: ' Tell me about the last migration you ran.' },
  { start: 3.42, end: 3.9, text: '   ' },
  { start: 4.1, end: 9.875, text: ' We tested every migration on a copy of production first.' },
]

export type FakeOpenAI = FakeServer & {
  /** The SDK's baseURL: `<url>/v1`. */
  baseURL: string
  fail(failure: FakeFailure | null): void
}

export async function startFakeOpenAI(options: { apiKey: string }): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = []
  let failure: FakeFailure | null = null
  const error = (res: http.ServerResponse, status: number, message: string, type: string, headers?: Record<string, string>) =>
    sendJson(res, status, { error: { message, type, param: null, code: null } }, headers)

  const { url, close } = await listen(async (req, body, res) => {
    const entry = record(req, body)
    requests.push(entry)
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return error(res, 401, 'Incorrect API key provided.', 'invalid_request_error')
    }
    if (req.method !== 'POST' || entry.path !== '/v1/audio/transcriptions') {
      return error(res, 404, 'Not found', 'invalid_request_error')
    }

    // undici parses multipart the way a real server would: a broken body fails here, in the test.
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': entry.contentType ?? '' } }).formData()
    entry.fields = {}
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') (entry.fields[name] ??= []).push(value)
      else entry.file = { name: value.name, type: value.type, size: value.size }
    }
    if (!entry.file || entry.file.size === 0) return error(res, 400, 'No audio file was sent.', 'invalid_request_error')

    switch (failure) {
      case 'hang':
        return
      case 'malformed-json':
        return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"task": "transcribe", "segments": [')
      case 'schema-mismatch':
        return sendJson(res, 200, { task: 'transcribe', text: 'hello', segments: [{ start: 'soon', end: 1, text: 'hello' }] })
      case 429:
        return error(res, 429, 'Rate limit reached for requests.', 'requests', { 'Retry-After': '7' })
      case 500:
      case 503:
        return error(res, failure, 'The server had an error while processing your request.', 'server_error')
      case 400:
        return error(res, 400, 'Invalid file format. Supported formats: flac, mp3, mp4, ogg, wav, webm', 'invalid_request_error')
      case 401:
        return error(res, 401, 'Incorrect API key provided.', 'invalid_request_error')
    }
    sendJson(res, 200, {
      task: 'transcribe',
      language: 'english',
      duration: 9.875,
      text: whisperSegments.map((segment) => segment.text.trim()).join(' '),
      segments: whisperSegments.map((segment, id) => ({
        id,
        seek: 0,
        ...segment,
        tokens: [50364, 400],
        temperature: 0,
        avg_logprob: -0.2,
        compression_ratio: 1.3,
        no_speech_prob: 0.01,
      })),
    })
  })
  return { url, baseURL: `${url}/v1`, requests, close, fail: (next) => (failure = next) }
}

// --- AssemblyAI ------------------------------------------------------------------------------------------------------

export type AssemblyUtterance = { speaker: string; start: number; end: number; text: string }

export const assemblyUtterances: AssemblyUtterance[] = [
  { speaker: 'A', start: 240, end: 3900, text: 'Tell me about the last migration you ran.' },
  { speaker: 'B', start: 4310, end: 11020, text: 'We tested every   migration on a copy of production first.' },
  { speaker: 'A', start: 11500, end: 12800, text: 'How long did that take?' },
]

export type FakeAssemblyAI = FakeServer & {
  /** Makes one endpoint misbehave; null restores normal service. */
  fail(at: 'upload' | 'submit' | 'poll', failure: FakeFailure): void
  fail(at: null): void
  /** Ends the next jobs with status 'error' and this message. */
  failTranscripts(message: string | null): void
  /** Polls answering 'queued'/'processing' before a job completes; Infinity never completes. */
  pollsBeforeDone: number
}

export async function startFakeAssemblyAI(options: { apiKey: string; pollsBeforeDone?: number }): Promise<FakeAssemblyAI> {
  const requests: RecordedRequest[] = []
  let failure: { at: 'upload' | 'submit' | 'poll'; failure: FakeFailure } | null = null
  let transcriptError: string | null = null
  const uploads = new Set<string>()
  const jobs = new Map<string, { audioUrl: string; polls: number; error: string | null }>()
  let sequence = 0

  const misbehave = (res: http.ServerResponse, failed: FakeFailure): void => {
    switch (failed) {
      case 'hang':
        return
      case 'malformed-json':
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id": "x", "status": "comp')
        return
      case 'schema-mismatch':
        const utterances = [{ speaker: 'A', start: 'soon', end: 10, text: 'hi' }]
        sendJson(res, 200, { id: 'tr_bad', status: 'completed', utterances })
        return
      case 429:
        sendJson(res, 429, { error: 'Too many requests' }, { 'Retry-After': '3' })
        return
      case 401:
        sendJson(res, 401, { error: 'Authentication error, API token missing/invalid' })
        return
      case 400:
        sendJson(res, 400, { error: 'Invalid audio_url: the file could not be downloaded' })
        return
      default:
        // AssemblyAI's 5xx bodies are not always JSON.
        res.writeHead(failed, { 'Content-Type': 'text/plain' }).end('Internal Server Error')
    }
  }

  const fake: FakeAssemblyAI = {
    url: '',
    requests,
    pollsBeforeDone: options.pollsBeforeDone ?? 2,
    fail: (at: 'upload' | 'submit' | 'poll' | null, failed?: FakeFailure) => {
      failure = at && failed !== undefined ? { at, failure: failed } : null
    },
    failTranscripts: (message) => (transcriptError = message),
    close: async () => {},
  }

  const { url, close } = await listen((req, body, res) => {
    const entry = record(req, body)
    requests.push(entry)
    if (req.headers.authorization !== options.apiKey) {
      return sendJson(res, 401, { error: 'Authentication error, API token missing/invalid' })
    }

    if (req.method === 'POST' && entry.path === '/v2/upload') {
      if (failure?.at === 'upload') return misbehave(res, failure.failure)
      if (body.length === 0) return sendJson(res, 400, { error: 'Upload failed, please try again.' })
      const uploadUrl = `${url}/files/upload-${++sequence}`
      uploads.add(uploadUrl)
      return sendJson(res, 200, { upload_url: uploadUrl })
    }

    if (req.method === 'POST' && entry.path === '/v2/transcript') {
      if (failure?.at === 'submit') return misbehave(res, failure.failure)
      let params: { audio_url?: unknown; speaker_labels?: unknown }
      try {
        params = JSON.parse(body.toString('utf8')) as typeof params
      } catch {
        return sendJson(res, 400, { error: 'Invalid JSON' })
      }
      entry.json = params
      if (typeof params.audio_url !== 'string' || !uploads.has(params.audio_url)) {
        return sendJson(res, 400, { error: 'Download error, unable to download the audio_url' })
      }
      const id = `tr_${++sequence}`
      jobs.set(id, { audioUrl: params.audio_url, polls: 0, error: transcriptError })
      const speakerLabels = params.speaker_labels === true
      return sendJson(res, 200, { id, status: 'queued', audio_url: params.audio_url, speaker_labels: speakerLabels })
    }

    const poll = /^\/v2\/transcript\/([^/]+)$/.exec(entry.path)
    if (req.method === 'GET' && poll) {
      if (failure?.at === 'poll') return misbehave(res, failure.failure)
      const id = poll[1]!
      const job = jobs.get(id)
      if (!job) return sendJson(res, 404, { error: 'Transcript not found' })
      job.polls++
      if (job.polls <= fake.pollsBeforeDone) {
        return sendJson(res, 200, { id, status: job.polls === 1 ? 'queued' : 'processing', audio_url: job.audioUrl })
      }
      if (job.error) return sendJson(res, 200, { id, status: 'error', audio_url: job.audioUrl, error: job.error })
      return sendJson(res, 200, {
        id,
        status: 'completed',
        audio_url: job.audioUrl,
        speech_model: 'universal',
        language_code: 'en_us',
        audio_duration: 13,
        text: assemblyUtterances.map((utterance) => utterance.text).join(' '),
        utterances: assemblyUtterances.map((utterance) => ({ ...utterance, confidence: 0.93, words: [] })),
        words: [],
      })
    }
    sendJson(res, 404, { error: 'Not found' })
  })
  fake.url = url
  fake.close = close
  return fake
}
