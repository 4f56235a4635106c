/**
 * The local engine: no network, no API key, English only and far less accurate than the cloud engines.
 * sox converts the recording to 16 kHz mono 16-bit WAV, pocketsphinx_continuous (CMU Sphinx 0.8, en-us model)
 * recognises words with timings, silences of 0.4 s or more split them into utterances, and the pitch of each utterance
 * tells up to two speakers apart (pitch-diarization.ts). Both programs run without a shell, with fixed arguments, and
 * are killed on abort or timeout; the temporary WAV is always removed.
 */
import { spawn } from 'node:child_process'
import { constants as fsConstants } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { mergeGapMs, mergeMaxChars } from '../transcripts/formats'
import { assignSpeakersByPitch } from './pitch-diarization'
import {
  abortedError,
  beginTranscription,
  engineDescriptions,
  type Segment,
  timeoutError,
  type TranscriptionEngine,
  TranscriptionError,
  type TranscriptionInput,
  type TranscriptionResult,
} from './types'
import { parseWav } from './wav'

export type LocalEngineOptions = { timeoutMs: number; /** Default `localMaxSeconds`. */ maxSeconds?: number }
export type LocalEngineDetection = { engine: TranscriptionEngine; reason?: undefined } | { engine: null; reason: string }
export type RecognisedWord = { word: string; startMs: number; endMs: number; confidence: number }
export type Utterance = { startMs: number; endMs: number; words: RecognisedWord[] }

/** The Debian/Ubuntu package pocketsphinx-en-us (`dpkg -L pocketsphinx-en-us`). */
export const pocketsphinxModel = {
  hmm: '/usr/share/pocketsphinx/model/en-us/en-us',
  lm: '/usr/share/pocketsphinx/model/en-us/en-us.lm.bin',
  dict: '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict',
}
export const localModelName = 'pocketsphinx-0.8-en-us'
/** A pause at least this long ends an utterance. */
export const utteranceGapMs = 400
/** The longest recording the local engine takes: its 16 kHz WAV (about 230 MB for 2 hours) is read into memory. */
export const localMaxSeconds = 2 * 3600
export const unreadableAudioMessage = 'The local engine could not read any audio in this recording'
export const unsupportedFormatMessage =
  'The local engine cannot read this audio format; use WAV, FLAC or OGG, or configure a cloud engine'

/** ffmpeg is optional: with it the engine also reads what browsers record (WebM/Opus, MP4/AAC) and MP3 or M4A. */
type Tools = { sox: string; pocketsphinx: string; ffmpeg: string | null }
let detection: Promise<Tools | string> | undefined

/**
 * The local engine when sox, pocketsphinx_continuous and the en-us model are installed, else null and the reason.
 * The installation is checked once per process; the engine itself is built per call with the given timeout.
 */
export async function detectLocalEngine(options: LocalEngineOptions): Promise<LocalEngineDetection> {
  detection ??= findTools()
  const tools = await detection
  return typeof tools === 'string' ? { engine: null, reason: tools } : { engine: createLocalEngine(tools, options) }
}

async function findTools(): Promise<Tools | string> {
  const [sox, pocketsphinx, ffmpeg] = await Promise.all([findOnPath('sox'), findOnPath('pocketsphinx_continuous'), findOnPath('ffmpeg')])
  if (!pocketsphinx) {
    return 'pocketsphinx_continuous is not installed (Debian/Ubuntu: apt-get install pocketsphinx pocketsphinx-en-us)'
  }
  if (!sox) return 'sox is not installed (Debian/Ubuntu: apt-get install sox), needed to convert recordings for pocketsphinx'
  const { hmm, lm, dict } = pocketsphinxModel
  for (const file of [path.join(hmm, 'mdef'), path.join(hmm, 'means'), lm, dict]) {
    const readable = await fs.access(file, fsConstants.R_OK).then(
      () => true,
      () => false,
    )
    if (!readable) return `the pocketsphinx en-us model is missing (${file}; Debian/Ubuntu: apt-get install pocketsphinx-en-us)`
  }
  return { sox, pocketsphinx, ffmpeg }
}

/** The absolute path of an executable found on PATH: spawned by path, later PATH changes cannot swap it. */
async function findOnPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue
    const candidate = path.join(dir, name)
    try {
      await fs.access(candidate, fsConstants.X_OK)
      if ((await fs.stat(candidate)).isFile()) return candidate
    } catch {
      // not here
    }
  }
  return null
}

function createLocalEngine(tools: Tools, options: LocalEngineOptions): TranscriptionEngine {
  return {
    id: 'local',
    ...engineDescriptions.local,
    async transcribe(input: TranscriptionInput): Promise<TranscriptionResult> {
      const { progress, signal, deadline } = await beginTranscription(input, options.timeoutMs)
      const maxSeconds = options.maxSeconds ?? localMaxSeconds
      const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hireproof-stt-'))
      try {
        const wavPath = path.join(workDir, 'audio.wav')
        progress(0, 'Converting the audio')
        const soxType = soxTypeArguments(input)
        const converted =
          soxType.length === 0 && tools.ffmpeg ? await convertWithFfmpeg(tools.ffmpeg, input.filePath, wavPath, maxSeconds, signal) : await convertWithSox(tools.sox, soxType, input.filePath, wavPath, maxSeconds, signal)
        if (converted.code !== 0) {
          const cause = new Error(`converter exited with ${converted.code ?? converted.signal}: ${converted.stderr}`)
          // "can't open output file" and write errors are about this machine (disk, permissions), not the recording.
          if (/output file|No space left|Permission denied/i.test(converted.stderr) && !/Invalid data/i.test(converted.stderr)) {
            throw new TranscriptionError('The local engine could not convert the audio', { kind: 'failed', cause })
          }
          throw new TranscriptionError(tools.ffmpeg ? unreadableAudioMessage : unsupportedFormatMessage, { kind: 'unsupported_audio', cause })
        }
        if ((await fs.stat(wavPath)).size > maxSeconds * 32_000 + 1_024) {
          throw new TranscriptionError(`The local engine transcribes recordings of up to ${formatDuration(maxSeconds)}; configure a cloud engine for longer ones`, {
            kind: 'unsupported_audio',
          })
        }
        const audio = parseWav(await fs.readFile(wavPath))

        progress(5, 'Recognising speech')
        const startedAt = Date.now()
        const reportDecoding = (decodedMs: number) => {
          // The decoder prints each utterance as it finishes; between prints, assume it keeps up with real time.
          const share = Math.max(decodedMs, Date.now() - startedAt) / Math.max(1, audio.durationMs)
          progress(5 + 85 * Math.min(1, share), 'Recognising speech')
        }
        const ticker = setInterval(() => reportDecoding(0), 1000)
        ticker.unref()
        let recognised
        try {
          const { hmm, lm, dict } = pocketsphinxModel
          const model = ['-hmm', hmm, '-lm', lm, '-dict', dict]
          const decoderArguments = ['-infile', wavPath, '-time', 'yes', '-logfn', '/dev/null', ...model]
          recognised = await run(tools.pocketsphinx, decoderArguments, signal, (text) => reportDecoding(lastEndMs(text)))
        } finally {
          clearInterval(ticker)
        }
        if (recognised.code !== 0) {
          const exit = recognised.code ?? recognised.signal
          const cause = new Error(`pocketsphinx_continuous exited with ${exit}: ${recognised.stderr}`)
          throw new TranscriptionError('The local engine failed to recognise speech', { kind: 'failed', cause })
        }

        progress(90, 'Telling speakers apart')
        const utterances = groupIntoUtterances(parsePocketsphinxOutput(recognised.stdout))
        const speakers = assignSpeakersByPitch(audio.samples, audio.sampleRate, utterances)
        const segments = toSegments(utterances, speakers)
        progress(100, 'Transcript ready')
        return { engine: 'local', model: localModelName, segments, language: 'en', durationMs: audio.durationMs }
      } catch (err) {
        if (input.signal?.aborted) throw abortedError(err)
        if (deadline.aborted) throw timeoutError(err)
        if (err instanceof TranscriptionError) throw err
        throw new TranscriptionError('The local engine failed', { kind: 'failed', cause: err })
      } finally {
        await fs.rm(workDir, { recursive: true, force: true })
      }
    },
  }
}

// An absolute path can never be mistaken for an option, whatever the upload was called.
// Cut at just over the limit, so a small file that decodes to hours of audio never fills the disk or memory.
function convertWithSox(sox: string, type: string[], filePath: string, wavPath: string, maxSeconds: number, signal: AbortSignal) {
  const target = ['-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', wavPath, 'trim', '0', String(maxSeconds + 1)]
  return run(sox, ['-V1', ...type, path.resolve(filePath), ...target], signal)
}

/** The "file:" prefix keeps ffmpeg from reading a protocol (http:, concat:…) into the name; only the first audio stream is read. */
function convertWithFfmpeg(ffmpeg: string, filePath: string, wavPath: string, maxSeconds: number, signal: AbortSignal) {
  const source = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', `file:${path.resolve(filePath)}`]
  const target = ['-map', '0:a:0', '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-t', String(maxSeconds + 1), '-f', 'wav', '-y', `file:${wavPath}`]
  return run(ffmpeg, [...source, ...target], signal)
}

/**
 * sox picks the decoder by extension (by header for a few formats); stored uploads may have none, so name the type when known.
 * A Map, not an object: the content type comes from the upload and must not reach Object.prototype.
 */
const soxTypes = new Map([
  ['audio/wav', 'wav'],
  ['audio/x-wav', 'wav'],
  ['audio/wave', 'wav'],
  ['audio/vnd.wave', 'wav'],
  ['audio/flac', 'flac'],
  ['audio/x-flac', 'flac'],
  ['audio/ogg', 'ogg'],
  ['audio/vorbis', 'ogg'],
  ['application/ogg', 'ogg'],
])
const soxExtensions = new Set(['wav', 'flac', 'ogg', 'oga', 'aiff', 'aif', 'au'])

function soxTypeArguments(input: TranscriptionInput): string[] {
  const byType = soxTypes.get(input.contentType.split(';')[0]!.trim().toLowerCase())
  if (byType) return ['-t', byType]
  const extension = path.extname(input.fileName).slice(1).toLowerCase()
  if (soxExtensions.has(extension)) return ['-t', extension === 'oga' ? 'ogg' : extension]
  return []
}

type RunResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
const maxStderrChars = 4000

/** Runs a program without a shell; SIGKILL on abort (the programs hold no state worth a graceful stop). */
function run(command: string, args: string[], signal: AbortSignal, onStdout?: (text: string) => void): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const stdout: string[] = []
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout.push(text)
      onStdout?.(text)
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-maxStderrChars)
    })
    const abort = () => child.kill('SIGKILL')
    signal.addEventListener('abort', abort, { once: true })
    child.on('error', (err) => {
      signal.removeEventListener('abort', abort)
      reject(err)
    })
    child.on('close', (code, exitSignal) => {
      signal.removeEventListener('abort', abort)
      if (signal.aborted) reject(signal.reason)
      else resolve({ code, signal: exitSignal, stdout: stdout.join(''), stderr })
    })
  })
}

/** "word start end confidence", times in seconds. Anything else (the hypothesis lines) is not a timing line. */
const timingLine = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?(?:e-?\d+)?)$/

function lastEndMs(text: string): number {
  let end = 0
  for (const line of text.split('\n')) {
    const match = timingLine.exec(line.trim())
    if (match) end = Math.max(end, Number(match[3]) * 1000)
  }
  return end
}

/**
 * The words of `pocketsphinx_continuous -time yes` output. Fillers are dropped (<s>, </s>, <sil>, [NOISE], ++NOISE++),
 * and alternate pronunciations lose their marker ("the(2)" → "the").
 */
export function parsePocketsphinxOutput(stdout: string): RecognisedWord[] {
  const words: RecognisedWord[] = []
  for (const line of stdout.split(/\r?\n/)) {
    const match = timingLine.exec(line.trim())
    if (!match) continue
    const token = match[1]!
    if (/^(?:<.*>|\[.*\]|\+\+.*\+\+)$/.test(token)) continue
    const word = token.replace(/\(\d+\)$/, '')
    const startMs = Math.round(Number(match[2]) * 1000)
    const endMs = Math.round(Number(match[3]) * 1000)
    if (!word || endMs < startMs) continue
    words.push({ word, startMs, endMs, confidence: Number(match[4]) })
  }
  return words.sort((a, b) => a.startMs - b.startMs)
}

/** Consecutive words form one utterance until a pause of at least `gapMs`. */
export function groupIntoUtterances(words: readonly RecognisedWord[], gapMs = utteranceGapMs): Utterance[] {
  const utterances: Utterance[] = []
  for (const word of words) {
    const last = utterances.at(-1)
    if (last && word.startMs - last.endMs < gapMs) {
      last.words.push(word)
      last.endMs = Math.max(last.endMs, word.endMs)
    } else {
      utterances.push({ startMs: word.startMs, endMs: word.endMs, words: [word] })
    }
  }
  return utterances
}

/** Utterances of one speaker merge like imported transcripts do (gap under 1 s, text under 1000 characters). */
function toSegments(utterances: readonly Utterance[], speakers: readonly string[]): Segment[] {
  const segments: Segment[] = []
  utterances.forEach((utterance, i) => {
    const speaker = speakers[i] ?? 'Speaker 1'
    const text = utterance.words.map((word) => word.word).join(' ')
    const last = segments.at(-1)
    const continues = last?.speaker === speaker && utterance.startMs - last.endMs < mergeGapMs
    if (last && continues && last.text.length + 1 + text.length < mergeMaxChars) {
      last.text = `${last.text} ${text}`
      last.endMs = utterance.endMs
    } else {
      segments.push({ speaker, startMs: utterance.startMs, endMs: utterance.endMs, text })
    }
  })
  return segments
}

const formatDuration = (seconds: number) => (seconds >= 3600 ? `${seconds / 3600} hours` : `${seconds} seconds`)
