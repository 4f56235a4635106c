import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAssemblyAIEngine } from '../../server/transcription/assemblyai'
import { availableEngines, engineById } from '../../server/transcription/engines'
import { createOpenAIEngine } from '../../server/transcription/openai-whisper'
import { detectLocalEngine } from '../../server/transcription/pocketsphinx'
import {
  type TranscriptionEngine,
  TranscriptionError,
  type TranscriptionInput,
  unreadableTranscriptMessage,
} from '../../server/transcription/types'
import { encodeWav } from '../../server/transcription/wav'
import {
  type FakeAssemblyAI,
  type FakeFailure,
  type FakeOpenAI,
  startFakeAssemblyAI,
  startFakeOpenAI,
} from '../support/speech-providers'

const apiKey = 'test-key-123'
let workDir: string
let recording: TranscriptionInput
let recordingBytes: number

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'transcription-providers-'))
  const samples = Int16Array.from({ length: 8000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / 16000)))
  const filePath = path.join(workDir, 'interview.wav')
  await fs.writeFile(filePath, encodeWav(samples, 16000))
  recordingBytes = (await fs.stat(filePath)).size
  recording = { filePath, contentType: 'audio/wav', fileName: 'interview.wav' }
})

afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true })
})

async function failure(run: () => Promise<unknown>): Promise<TranscriptionError> {
  try {
    await run()
  } catch (err) {
    expect(err).toBeInstanceOf(TranscriptionError)
    return err as TranscriptionError
  }
  throw new Error('expected a TranscriptionError')
}

/** A URL where nothing listens: a port that was just free. */
async function closedPortUrl() {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

describe('OpenAI Whisper engine (real SDK, fake API)', () => {
  let fake: FakeOpenAI
  let engine: TranscriptionEngine

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey })
    engine = createOpenAIEngine({ apiKey, baseURL: fake.baseURL, timeoutMs: 5000 })
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.fail(null)
    fake.requests.length = 0
  })

  it('streams the file with the right parameters and maps segments to milliseconds, one speaker', async () => {
    const progress: number[] = []
    const result = await engine.transcribe({ ...recording, onProgress: (percent) => progress.push(percent) })

    expect(result).toEqual({
      engine: 'openai',
      model: 'whisper-1',
      language: 'english',
      durationMs: 9875,
      segments: [
        { speaker: 'Speaker 1', startMs: 0, endMs: 3420, text: 'Tell me about the last migration you ran.' },
        { speaker: 'Speaker 1', startMs: 4100, endMs: 9875, text: 'We tested every migration on a copy of production first.' },
      ],
    })
    expect(engine.diarization).toBe(false)
    expect(progress.at(0)).toBe(0)
    expect(progress.at(-1)).toBe(100)

    expect(fake.requests).toHaveLength(1)
    const [request] = fake.requests
    expect(request).toMatchObject({ method: 'POST', path: '/v1/audio/transcriptions', authorization: `Bearer ${apiKey}` })
    expect(request!.file).toEqual({ name: 'interview.wav', type: 'audio/wav', size: recordingBytes })
    expect(request!.fields).toMatchObject({
      model: ['whisper-1'],
      response_format: ['verbose_json'],
      'timestamp_granularities[]': ['segment'],
    })
  })

  it.each([
    [500, true, 'provider_unavailable'],
    [503, true, 'provider_unavailable'],
    [429, true, 'rate_limited'],
    [400, false, 'rejected'],
  ] as const)('HTTP %i → retryable %s (%s), one attempt only', async (status, retryable, kind) => {
    fake.fail(status)
    const error = await failure(() => engine.transcribe(recording))
    expect(error).toMatchObject({ retryable, kind, status })
    expect(fake.requests).toHaveLength(1)
    if (status === 429) expect(error.retryAfterSeconds).toBe(7)
    if (status === 400) expect(error.message).toContain('Invalid file format')
  })

  it('a wrong API key is not retryable', async () => {
    const wrongKey = createOpenAIEngine({ apiKey: 'wrong', baseURL: fake.baseURL, timeoutMs: 5000 })
    const error = await failure(() => wrongKey.transcribe(recording))
    expect(error).toMatchObject({ retryable: false, kind: 'unauthorized', status: 401, message: 'OpenAI rejected the API key' })
  })

  it.each(['malformed-json', 'schema-mismatch'] as const)('rejects a %s response as unreadable, not retryable', async (mode) => {
    fake.fail(mode)
    const error = await failure(() => engine.transcribe(recording))
    expect(error).toMatchObject({ retryable: false, kind: 'malformed_response', message: unreadableTranscriptMessage })
  })

  it('gives up after timeoutMs when the provider hangs (retryable)', async () => {
    fake.fail('hang')
    const quick = createOpenAIEngine({ apiKey, baseURL: fake.baseURL, timeoutMs: 300 })
    const started = Date.now()
    const error = await failure(() => quick.transcribe(recording))
    expect(error).toMatchObject({ retryable: true, kind: 'timeout' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('an unreachable provider is a retryable network error', async () => {
    const offline = createOpenAIEngine({ apiKey, baseURL: `${await closedPortUrl()}/v1`, timeoutMs: 5000 })
    const error = await failure(() => offline.transcribe(recording))
    expect(error).toMatchObject({ retryable: true, kind: 'network' })
  })

  it('stops when the caller aborts', async () => {
    fake.fail('hang')
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const error = await failure(() => engine.transcribe({ ...recording, signal: controller.signal }))
    expect(error).toMatchObject({ retryable: true, kind: 'aborted' })
  })

  it('a missing file fails before any request, not retryable', async () => {
    const error = await failure(() => engine.transcribe({ ...recording, filePath: path.join(workDir, 'gone.wav') }))
    expect(error).toMatchObject({ retryable: false, kind: 'missing_file' })
    expect(fake.requests).toHaveLength(0)
  })
})

describe('AssemblyAI engine (real SDK, fake API)', () => {
  let fake: FakeAssemblyAI
  let engine: TranscriptionEngine

  beforeAll(async () => {
    fake = await startFakeAssemblyAI({ apiKey })
    engine = createAssemblyAIEngine({ apiKey, baseUrl: fake.url, timeoutMs: 5000, pollIntervalMs: 10 })
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.fail(null)
    fake.failTranscripts(null)
    fake.pollsBeforeDone = 2
    fake.requests.length = 0
  })

  it('uploads, submits with speaker labels, polls, and maps utterances to speakers', async () => {
    const progress: [number, string][] = []
    const result = await engine.transcribe({ ...recording, onProgress: (percent, note) => progress.push([percent, note]) })

    expect(result).toEqual({
      engine: 'assemblyai',
      model: 'universal',
      language: 'en_us',
      durationMs: 13000,
      segments: [
        { speaker: 'Speaker A', startMs: 240, endMs: 3900, text: 'Tell me about the last migration you ran.' },
        { speaker: 'Speaker B', startMs: 4310, endMs: 11020, text: 'We tested every migration on a copy of production first.' },
        { speaker: 'Speaker A', startMs: 11500, endMs: 12800, text: 'How long did that take?' },
      ],
    })

    const calls = fake.requests.map((request) => `${request.method} ${request.path}`)
    const poll = 'GET /v2/transcript/tr_2'
    expect(calls).toEqual(['POST /v2/upload', 'POST /v2/transcript', poll, poll, poll])
    expect(fake.requests.every((request) => request.authorization === apiKey)).toBe(true)
    expect(fake.requests[0]!.bytes).toBe(recordingBytes)
    expect(fake.requests[1]!.json).toMatchObject({ audio_url: `${fake.url}/files/upload-1`, speaker_labels: true })

    const percents = progress.map(([percent]) => percent)
    expect(percents).toEqual([...percents].sort((a, b) => a - b))
    expect(percents.at(-1)).toBe(100)
    const notes = progress.map(([, note]) => note)
    expect(notes).toContain('Queued at AssemblyAI')
    expect(notes).toContain('AssemblyAI is transcribing')
  })

  it.each([
    ['upload', 500, true, 'provider_unavailable'],
    ['submit', 429, true, 'rate_limited'],
    ['poll', 503, true, 'provider_unavailable'],
    ['submit', 400, false, 'rejected'],
    ['poll', 401, false, 'unauthorized'],
  ] as const)('%s answering HTTP %i → retryable %s (%s)', async (at, status, retryable, kind) => {
    fake.fail(at, status)
    const error = await failure(() => engine.transcribe(recording))
    expect(error).toMatchObject({ retryable, kind, status })
    if (status === 429) expect(error.retryAfterSeconds).toBe(3)
    if (status === 400) expect(error.message).toContain('could not be downloaded')
  })

  it('a wrong API key is not retryable', async () => {
    const wrongKey = createAssemblyAIEngine({ apiKey: 'wrong', baseUrl: fake.url, timeoutMs: 5000, pollIntervalMs: 10 })
    const error = await failure(() => wrongKey.transcribe(recording))
    expect(error).toMatchObject({ retryable: false, kind: 'unauthorized', message: 'AssemblyAI rejected the API key' })
    expect(fake.requests).toHaveLength(1)
  })

  it("a job ending in status 'error' is not retryable and carries the provider's message", async () => {
    fake.failTranscripts('Transcoding failed. File does not appear to contain audio.')
    const error = await failure(() => engine.transcribe(recording))
    expect(error).toMatchObject({ retryable: false, kind: 'provider_error' })
    const expected = 'AssemblyAI could not transcribe the recording: Transcoding failed. File does not appear to contain audio.'
    expect(error.message).toBe(expected)
  })

  const unreadable: FakeFailure[] = ['malformed-json', 'schema-mismatch']
  it.each(unreadable)('rejects a %s transcript as unreadable, not retryable', async (mode) => {
    fake.fail('poll', mode)
    const error = await failure(() => engine.transcribe(recording))
    expect(error).toMatchObject({ retryable: false, kind: 'malformed_response', message: unreadableTranscriptMessage })
  })

  it.each(['upload', 'poll'] as const)('gives up after timeoutMs when %s hangs (retryable)', async (at) => {
    fake.fail(at, 'hang')
    const quick = createAssemblyAIEngine({ apiKey, baseUrl: fake.url, timeoutMs: 300, pollIntervalMs: 10 })
    const started = Date.now()
    const error = await failure(() => quick.transcribe(recording))
    expect(error).toMatchObject({ retryable: true, kind: 'timeout' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('gives up after timeoutMs when the job never completes, reporting progress while polling', async () => {
    fake.pollsBeforeDone = Infinity
    const quick = createAssemblyAIEngine({ apiKey, baseUrl: fake.url, timeoutMs: 400, pollIntervalMs: 20 })
    const notes: string[] = []
    const started = Date.now()
    const error = await failure(() => quick.transcribe({ ...recording, onProgress: (_, note) => notes.push(note) }))
    expect(error).toMatchObject({ retryable: true, kind: 'timeout' })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(fake.requests.filter((request) => request.method === 'GET').length).toBeGreaterThan(2)
    // Each change is reported once; repeats of the same percentage and note are left out.
    expect(notes).toEqual([
      'Uploading the recording to AssemblyAI',
      'Submitting the transcription job',
      'Queued at AssemblyAI',
      'AssemblyAI is transcribing',
    ])
  })

  it('an unreachable provider is a retryable network error', async () => {
    const offline = createAssemblyAIEngine({ apiKey, baseUrl: await closedPortUrl(), timeoutMs: 5000, pollIntervalMs: 10 })
    const error = await failure(() => offline.transcribe(recording))
    expect(error).toMatchObject({ retryable: true, kind: 'network' })
  })

  it('stops polling when the caller aborts', async () => {
    fake.pollsBeforeDone = Infinity
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const error = await failure(() => engine.transcribe({ ...recording, signal: controller.signal }))
    expect(error).toMatchObject({ retryable: true, kind: 'aborted' })
    // A poll already on the wire when the signal fired may still reach the server: let it land, then count.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const polls = fake.requests.length
    // Ten poll intervals later, no new poll.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(fake.requests.length).toBe(polls)
  })
})

describe('engine registry', () => {
  it('lists every engine, the cloud ones available only with a key', async () => {
    const local = await detectLocalEngine({ timeoutMs: 1000 })
    const statuses = await availableEngines({ timeoutMs: 1000, openai: { apiKey: '  ' } })
    expect(statuses.map((status) => [status.id, status.available])).toEqual([
      ['assemblyai', false],
      ['openai', false],
      ['local', local.engine !== null],
    ])
    expect(statuses[0]).toMatchObject({ label: 'AssemblyAI', diarization: true, reason: 'No AssemblyAI API key is configured' })
    expect(statuses[1]).toMatchObject({ label: 'OpenAI Whisper', diarization: false, reason: 'No OpenAI API key is configured' })

    const configured = await availableEngines({ timeoutMs: 1000, openai: { apiKey }, assemblyai: { apiKey } })
    expect(configured.slice(0, 2).map((status) => status.available)).toEqual([true, true])
    expect(configured[0]!.reason).toBeUndefined()
  })

  it('engineById builds configured engines and refuses the others, not retryable', async () => {
    const engine = await engineById({ timeoutMs: 1000, assemblyai: { apiKey } }, 'assemblyai')
    expect(engine).toMatchObject({ id: 'assemblyai', diarization: true })
    const missing = await failure(() => engineById({ timeoutMs: 1000 }, 'openai'))
    expect(missing).toMatchObject({ retryable: false, kind: 'unavailable', message: 'No OpenAI API key is configured' })
    const unknown = await failure(() => engineById({ timeoutMs: 1000 }, 'whisper.cpp' as never))
    expect(unknown).toMatchObject({ retryable: false, kind: 'unavailable' })
  })
})
