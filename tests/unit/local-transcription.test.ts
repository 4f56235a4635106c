import { execFile, spawnSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignSpeakersByPitch, medianPitchHz, pitchThreshold } from '../../server/transcription/pitch-diarization'
import {
  detectLocalEngine,
  groupIntoUtterances,
  parsePocketsphinxOutput,
  unreadableAudioMessage,
  unsupportedFormatMessage,
} from '../../server/transcription/pocketsphinx'
import { TranscriptionError } from '../../server/transcription/types'
import { encodeWav, parseWav, WavFormatError } from '../../server/transcription/wav'

const run = promisify(execFile)

// --- synthetic voices ------------------------------------------------------------------------------------------------

const rate = 16_000

/** A voiced-like tone: the fundamental and four harmonics of falling strength (smooth, unlike a bare pulse train). */
function tone(hz: number, ms: number, sampleRate = rate, harmonics = 5): number[] {
  return Array.from({ length: Math.round((ms / 1000) * sampleRate) }, (_, i) => {
    let value = 0
    for (let h = 1; h <= harmonics; h++) value += Math.sin((2 * Math.PI * hz * h * i) / sampleRate) / h
    return Math.round(6000 * value)
  })
}
const silence = (ms: number, sampleRate = rate) => new Array<number>(Math.round((ms / 1000) * sampleRate)).fill(0)

/** Concatenates parts, returning the samples and each non-silent part's time span. */
function compose(parts: { hz: number | null; ms: number }[], sampleRate = rate) {
  const samples: number[] = []
  const spans: { startMs: number; endMs: number }[] = []
  let atMs = 0
  for (const part of parts) {
    samples.push(...(part.hz === null ? silence(part.ms, sampleRate) : tone(part.hz, part.ms, sampleRate)))
    if (part.hz !== null) spans.push({ startMs: atMs, endMs: atMs + part.ms })
    atMs += part.ms
  }
  return { samples: Int16Array.from(samples), spans }
}

describe('pitch diarization', () => {
  it('estimates the fundamental of sines and harmonic tones within 3%', () => {
    for (const hz of [85, 110, 220, 330]) {
      const harmonic = Int16Array.from(tone(hz, 600))
      const sine = Int16Array.from(tone(hz, 600, rate, 1))
      expect(Math.abs(medianPitchHz(harmonic, rate, { startMs: 0, endMs: 600 })! / hz - 1)).toBeLessThan(0.03)
      expect(Math.abs(medianPitchHz(sine, rate, { startMs: 0, endMs: 600 })! / hz - 1)).toBeLessThan(0.03)
    }
    for (const sampleRate of [8000, 22_050, 44_100]) {
      const samples = Int16Array.from(tone(150, 500, sampleRate))
      expect(Math.abs(medianPitchHz(samples, sampleRate, { startMs: 0, endMs: 500 })! / 150 - 1)).toBeLessThan(0.03)
    }
  })

  it('finds no pitch in silence, noise or a span too short to analyse', () => {
    const quiet = new Int16Array(rate)
    expect(medianPitchHz(quiet, rate, { startMs: 0, endMs: 1000 })).toBeNull()
    let seed = 42
    const noise = Int16Array.from({ length: rate }, () => {
      seed = (seed * 16807) % 2147483647 // Park–Miller: deterministic white noise
      return (seed % 16000) - 8000
    })
    expect(medianPitchHz(noise, rate, { startMs: 0, endMs: 1000 })).toBeNull()
    expect(medianPitchHz(Int16Array.from(tone(110, 1000)), rate, { startMs: 100, endMs: 130 })).toBeNull()
  })

  it('splits a 110 Hz and a 220 Hz voice into two speakers, numbered by who speaks first', () => {
    const { samples, spans } = compose([
      { hz: 110, ms: 800 },
      { hz: null, ms: 500 },
      { hz: 220, ms: 800 },
      { hz: null, ms: 500 },
      { hz: 116, ms: 600 },
      { hz: null, ms: 300 },
      { hz: 208, ms: 700 },
    ])
    expect(assignSpeakersByPitch(samples, rate, spans)).toEqual(['Speaker 1', 'Speaker 2', 'Speaker 1', 'Speaker 2'])

    const higherFirst = compose([{ hz: 220, ms: 800 }, { hz: null, ms: 400 }, { hz: 110, ms: 800 }])
    expect(assignSpeakersByPitch(higherFirst.samples, rate, higherFirst.spans)).toEqual(['Speaker 1', 'Speaker 2'])
  })

  it('keeps one voice as one speaker', () => {
    const { samples, spans } = compose([
      { hz: 110, ms: 700 },
      { hz: null, ms: 400 },
      { hz: 118, ms: 700 },
      { hz: null, ms: 400 },
      { hz: 104, ms: 700 },
    ])
    expect(assignSpeakersByPitch(samples, rate, spans)).toEqual(['Speaker 1', 'Speaker 1', 'Speaker 1'])
  })

  it('gives an utterance without pitch the previous speaker', () => {
    const { samples, spans } = compose([{ hz: 110, ms: 700 }, { hz: null, ms: 300 }, { hz: 220, ms: 700 }])
    const withSilence = [...spans, { startMs: samples.length / 16, endMs: samples.length / 16 + 500 }]
    const padded = Int16Array.from([...samples, ...silence(600)])
    expect(assignSpeakersByPitch(padded, rate, withSilence)).toEqual(['Speaker 1', 'Speaker 2', 'Speaker 2'])
    expect(assignSpeakersByPitch(padded, rate, [])).toEqual([])
  })

  it('splits only at a gap of 20% or more that clearly dominates the other steps', () => {
    expect(pitchThreshold([110, 112, null, 220, 225])).toBeCloseTo(Math.sqrt(112 * 220))
    expect(pitchThreshold([100, 130, 210, 220])).not.toBeNull()
    expect(pitchThreshold([110, 125])).toBeNull()
    expect(pitchThreshold([100, 125, 150, 180, 216])).toBeNull()
    expect(pitchThreshold([110])).toBeNull()
    expect(pitchThreshold([null, null])).toBeNull()
  })
})

describe('pocketsphinx output', () => {
  const output = [
    'we tested the release',
    '<s> 0.000 0.020 1.000100',
    'we 0.030 0.160 0.787629',
    'tested 0.170 0.650 0.858286',
    '<sil> 0.660 0.700 0.881514',
    'the(2) 0.710 0.800 0.029846',
    'release 0.810 1.300 0.955132',
    '[NOISE] 1.310 1.500 0.5',
    '</s> 1.510 1.900 1.000000',
    'thank you',
    '<s> 2.300 2.310 1.000100',
    'thank 2.320 2.600 0.9',
    'you 2.610 2.900 0.8',
    '</s> 2.910 3.100 1.000000',
  ].join('\n')

  it('reads word timings, drops fillers and alternate-pronunciation markers', () => {
    const words = parsePocketsphinxOutput(output)
    expect(words.map((word) => word.word)).toEqual(['we', 'tested', 'the', 'release', 'thank', 'you'])
    expect(words[1]).toEqual({ word: 'tested', startMs: 170, endMs: 650, confidence: 0.858286 })
  })

  it('splits utterances at pauses of 0.4 s or more', () => {
    const utterances = groupIntoUtterances(parsePocketsphinxOutput(output))
    expect(utterances.map((u) => [u.startMs, u.endMs, u.words.map((w) => w.word).join(' ')])).toEqual([
      [30, 1300, 'we tested the release'],
      [2320, 2900, 'thank you'],
    ])
  })
})

describe('WAV reader', () => {
  it('reads what encodeWav writes', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234])
    const audio = parseWav(encodeWav(samples, 8000))
    expect(audio.sampleRate).toBe(8000)
    expect([...audio.samples]).toEqual([...samples])
    expect(audio.durationMs).toBe(1)
  })

  it('mixes stereo to mono, skips unknown chunks and refuses what it cannot read', () => {
    const stereo = encodeWav(Int16Array.from([100, 300, -200, -400]), 8000)
    stereo.writeUInt16LE(2, 22) // channels
    stereo.writeUInt16LE(4, 32) // block align
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0')])
    const withList = Buffer.concat([stereo.subarray(0, 36), list, stereo.subarray(36)])
    expect([...parseWav(withList).samples]).toEqual([200, -300])

    expect(() => parseWav(Buffer.from('not a wav file at all'))).toThrow(WavFormatError)
    const float = encodeWav(Int16Array.from([1, 2]), 8000)
    float.writeUInt16LE(3, 20)
    expect(() => parseWav(float)).toThrow(/unsupported WAV encoding/)
  })
})

// --- the real local engine -------------------------------------------------------------------------------------------

const missingTools = ['espeak-ng', 'sox', 'pocketsphinx_continuous'].filter((tool) => spawnSync(tool, ['--help']).error)
const detection = await detectLocalEngine({ timeoutMs: 60_000 })
const engine = detection.engine
const canSynthesise = missingTools.length === 0 && engine !== null
const skipNote = missingTools.length ? `${missingTools.join(', ')} not installed` : (detection.reason ?? '')
if (!canSynthesise) console.warn(`local transcription tests skipped: ${skipNote}`)
/** Skipped tests say why in their name. */
const skipSuffix = (runs: unknown, reason = '') => (runs ? '' : ` (skipped: ${reason})`)
const synthesisSkip = skipSuffix(canSynthesise, skipNote)
const engineSkip = skipSuffix(engine, detection.reason)
const hasFfmpeg = !spawnSync('ffmpeg', ['-version']).error
const webmSkip = skipSuffix(canSynthesise && hasFfmpeg, hasFfmpeg ? skipNote : 'ffmpeg not installed')

describe('local engine (sox + pocketsphinx)', () => {
  let workDir: string
  /** The engine's scratch space for these tests (os.tmpdir() follows TMPDIR), so checks see only this file's work. */
  let engineTmp: string
  const savedTmpdir = process.env.TMPDIR

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-transcription-'))
    engineTmp = path.join(workDir, 'tmp')
    await fs.mkdir(engineTmp)
    process.env.TMPDIR = engineTmp
  })
  afterAll(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = savedTmpdir
    await fs.rm(workDir, { recursive: true, force: true })
  })

  /** Two espeak voices (a low male and a higher female one) taking turns, one second of silence between turns. */
  async function twoVoiceInterview(): Promise<string> {
    const line = 'We tested every migration before the release.'
    const turns: [string, string][] = [
      ['en-us+m3', line],
      ['en-us+f5', `${line} Thank you very much.`],
      ['en-us+m3', line],
    ]
    const files: string[] = []
    for (const [i, [voice, text]] of turns.entries()) {
      const file = path.join(workDir, `turn-${i}.wav`)
      await run('espeak-ng', ['-v', voice, '-s', '150', '-w', file, text])
      files.push(file)
    }
    // espeak-ng writes 22.05 kHz mono 16-bit; the silence must match for sox to concatenate.
    const pause = path.join(workDir, 'pause.wav')
    await run('sox', ['-n', '-r', '22050', '-c', '1', '-b', '16', pause, 'trim', '0', '1.0'])
    const interview = path.join(workDir, 'interview.wav')
    await run('sox', [files[0]!, pause, files[1]!, pause, files[2]!, interview])
    return interview
  }

  const engineWorkDirs = () => fs.readdir(engineTmp)

  it.skipIf(!canSynthesise)(
    `transcribes a synthetic two-voice interview with timestamps and two speakers${synthesisSkip}`,
    async () => {
      const filePath = await twoVoiceInterview()
      const progress: number[] = []
      const result = await engine!.transcribe({
        filePath,
        contentType: 'audio/wav',
        fileName: 'interview.wav',
        onProgress: (percent) => progress.push(percent),
      })

      expect(result).toMatchObject({ engine: 'local', model: 'pocketsphinx-0.8-en-us', language: 'en' })
      expect(result.durationMs).toBeGreaterThan(8000)
      const { segments } = result
      expect(segments.length).toBeGreaterThanOrEqual(2)
      segments.forEach((segment, i) => {
        expect(segment.text.trim()).not.toBe('')
        expect(segment.endMs).toBeGreaterThan(segment.startMs)
        if (i > 0) expect(segment.startMs).toBeGreaterThanOrEqual(segments[i - 1]!.endMs)
      })
      expect(segments.at(-1)!.endMs).toBeLessThanOrEqual(result.durationMs!)
      expect(new Set(segments.map((segment) => segment.speaker))).toEqual(new Set(['Speaker 1', 'Speaker 2']))
      expect(segments[0]!.speaker).toBe('Speaker 1')
      // pocketsphinx hears synthetic speech poorly; these two words came through reliably in trials.
      const words = segments.flatMap((segment) => segment.text.split(' '))
      expect(words.some((word) => word === 'release' || word === 'tested')).toBe(true)

      expect(progress[0]).toBe(0)
      expect(progress.at(-1)).toBe(100)
      expect(progress).toEqual([...progress].sort((a, b) => a - b))
      expect(await engineWorkDirs()).toEqual([])
    },
    60_000,
  )

  it.skipIf(!engine)(`reads an upload without extension; silence means no segments${engineSkip}`, async () => {
    const filePath = path.join(workDir, 'upload-7f3a')
    await fs.writeFile(filePath, encodeWav(Int16Array.from(silence(1000)), rate))
    const result = await engine!.transcribe({ filePath, contentType: 'audio/x-wav', fileName: 'call recording' })
    // Silence is no speech: an empty transcript, not an error.
    expect(result).toMatchObject({ engine: 'local', segments: [], durationMs: 1000 })
  })

  it.skipIf(!engine)(`refuses an unreadable format, not retryable${engineSkip}`, async () => {
    const filePath = path.join(workDir, 'notes.webm')
    await fs.writeFile(filePath, 'this is not audio')
    const error = await engine!.transcribe({ filePath, contentType: 'audio/webm', fileName: 'notes.webm' }).catch((err) => err)
    expect(error).toBeInstanceOf(TranscriptionError)
    // With ffmpeg installed WebM is a format the engine reads, so the file is unreadable rather than unsupported.
    const message = hasFfmpeg ? unreadableAudioMessage : unsupportedFormatMessage
    expect(error).toMatchObject({ retryable: false, kind: 'unsupported_audio', message })
  })

  it.skipIf(!canSynthesise || !hasFfmpeg)(`reads WebM/Opus, what browsers record, through ffmpeg${webmSkip}`, async () => {
    const speech = path.join(workDir, 'answer.wav')
    await run('espeak-ng', ['-v', 'en-us+m3', '-s', '150', '-w', speech, 'We tested every migration before the release.'])
    const webm = path.join(workDir, 'answer-recorded-in-a-browser')
    await run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', speech, '-c:a', 'libopus', '-f', 'webm', webm])
    const result = await engine!.transcribe({ filePath: webm, contentType: 'video/webm', fileName: 'answer' })
    expect(result.durationMs).toBeGreaterThan(2000)
    const words = result.segments.flatMap((segment) => segment.text.split(' '))
    expect(words.some((word) => word === 'release' || word === 'tested' || word === 'migration')).toBe(true)
    expect(await engineWorkDirs()).toEqual([])
  })

  /** Command lines of running processes that mention `fragment` (Linux /proc; empty elsewhere). */
  async function processesWith(fragment: string): Promise<string[]> {
    const pids = await fs.readdir('/proc').catch(() => [] as string[])
    const lines = await Promise.all(
      pids.filter((pid) => /^\d+$/.test(pid)).map((pid) => fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')),
    )
    return lines.filter((line) => line.includes(fragment))
  }

  it.skipIf(!engine)(`times out, kills the program, cleans up (retryable)${engineSkip}`, async () => {
    const filePath = path.join(workDir, 'long.wav')
    await fs.writeFile(filePath, encodeWav(Int16Array.from(tone(120, 60_000)), rate))
    // Loading the acoustic model alone takes pocketsphinx longer than this.
    const { engine: quick } = await detectLocalEngine({ timeoutMs: 150 })
    const started = Date.now()
    const error = await quick!.transcribe({ filePath, contentType: 'audio/wav', fileName: 'long.wav' }).catch((err) => err)
    expect(error).toMatchObject({ retryable: true, kind: 'timeout' })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(await processesWith(engineTmp)).toEqual([])
    expect(await engineWorkDirs()).toEqual([])
  })

  it.skipIf(!engine)(`refuses audio longer than its limit without decoding it all, permanently${engineSkip}`, async () => {
    const filePath = path.join(workDir, 'too-long.wav')
    await fs.writeFile(filePath, encodeWav(Int16Array.from(tone(120, 5_000)), rate))
    const { engine: limited } = await detectLocalEngine({ timeoutMs: 60_000, maxSeconds: 2 })
    const error = await limited!.transcribe({ filePath, contentType: 'audio/wav', fileName: 'too-long.wav' }).catch((err) => err)
    expect(error).toMatchObject({ retryable: false, kind: 'unsupported_audio' })
    expect(String(error.message)).toMatch(/up to 2 seconds/)
  })
})
