/**
 * Two-speaker diarization from voice pitch, for the local engine (pocketsphinx tells no speakers apart).
 *
 * 1. Each utterance gets one number: the median fundamental frequency (F0) of its voiced 30 ms frames. A frame is voiced
 *    when it is loud enough (≥ 20% of the utterance's loudest frame) and periodic (normalised autocorrelation ≥ 0.5 at
 *    some lag within 70–400 Hz); its F0 is the first autocorrelation peak within 85% of the best one (the usual guard
 *    against reading the octave below), refined by parabolic interpolation. Signals are averaged down to about 8 kHz
 *    first and at most 40 frames per utterance are read, which keeps an hour of audio to about a second of work.
 * 2. The medians are sorted and the widest ratio between neighbours is the candidate split. It counts only when that
 *    ratio is at least 1.2 (the higher voice 20% above the lower) and, in log scale, at least 1.5 times any other step
 *    between neighbours; otherwise the pitches form one continuum and everyone is 'Speaker 1'.
 * 3. 'Speaker 1' is whoever speaks first, 'Speaker 2' the other group: labels follow order, not pitch. Utterances
 *    without a usable pitch (too short, whispered, noise) take the previous utterance's speaker.
 *
 * Limits (see README.md): two speakers at most, fails for similar voices, overlapping speech and pitch-shifted audio.
 */

export type TimeSpan = { startMs: number; endMs: number }

export const minPitchHz = 70
export const maxPitchHz = 400
/** The higher group must be at least this factor above the lower one. */
export const minPitchRatio = 1.2
/** The split must be this much wider (log scale) than any other step between neighbouring medians. */
const dominance = 1.5
const frameMs = 30
const hopMs = 15
const maxFramesPerUtterance = 40
const minVoicedFrames = 3
const relativeLoudness = 0.2
/** About -50 dBFS: quieter frames are background, whatever their periodicity. */
const minRms = 100
const minCorrelation = 0.5
const peakTolerance = 0.85
const analysisRateHz = 8000

export function assignSpeakersByPitch(samples: Int16Array, sampleRate: number, utterances: readonly TimeSpan[]): string[] {
  const pitches = utterances.map((span) => medianPitchHz(samples, sampleRate, span))
  const threshold = pitchThreshold(pitches)
  if (threshold === null) return utterances.map(() => 'Speaker 1')

  const firstPitched = pitches.find((pitch): pitch is number => pitch !== null)!
  const firstIsHigh = firstPitched >= threshold
  const labels = pitches.map((pitch) => {
    if (pitch === null) return null
    return (pitch >= threshold) === firstIsHigh ? 'Speaker 1' : 'Speaker 2'
  })
  // Unpitched utterances continue the previous speaker; leading ones take the first known speaker.
  let previous = 'Speaker 1'
  return labels.map((label) => (previous = label ?? previous))
}

/**
 * The pitch (Hz) between two clearly separated groups of utterance medians, or null when they do not split in two.
 * Exported for explanations and tests.
 */
export function pitchThreshold(pitches: readonly (number | null)[]): number | null {
  const sorted = pitches.filter((pitch): pitch is number => pitch !== null).sort((a, b) => a - b)
  if (sorted.length < 2) return null
  const steps = sorted.slice(1).map((pitch, i) => Math.log(pitch / sorted[i]!))
  let widest = 0
  steps.forEach((step, i) => {
    if (step > steps[widest]!) widest = i
  })
  const gap = steps[widest]!
  const otherwise = steps.reduce((max, step, i) => (i === widest ? max : Math.max(max, step)), 0)
  if (gap < Math.log(minPitchRatio) || gap < dominance * otherwise) return null
  return Math.sqrt(sorted[widest]! * sorted[widest + 1]!)
}

/** Median F0 (Hz) of the voiced frames of one utterance, or null with fewer than three voiced frames. */
export function medianPitchHz(samples: Int16Array, sampleRate: number, span: TimeSpan): number | null {
  const factor = Math.max(1, Math.floor(sampleRate / analysisRateHz))
  const rate = sampleRate / factor
  const frameLength = Math.round((frameMs / 1000) * rate)
  const minLag = Math.floor(rate / maxPitchHz)
  const maxLag = Math.ceil(rate / minPitchHz)
  // Decimated samples a frame needs: the frame itself plus the longest lag and one for interpolation.
  const window = frameLength + maxLag + 1

  const first = Math.max(0, Math.floor((span.startMs / 1000) * sampleRate))
  const last = Math.min(samples.length, Math.floor((span.endMs / 1000) * sampleRate)) - window * factor
  if (last < first) return null
  const hop = Math.max(Math.round((hopMs / 1000) * sampleRate), Math.ceil((last - first) / maxFramesPerUtterance))

  const frames: { x: Float64Array; energy: number }[] = []
  for (let start = first; start <= last; start += hop) {
    const x = new Float64Array(window)
    for (let i = 0; i < window; i++) {
      let sum = 0
      for (let k = 0; k < factor; k++) sum += samples[start + i * factor + k]!
      x[i] = sum / factor
    }
    let mean = 0
    for (let i = 0; i < frameLength; i++) mean += x[i]!
    mean /= frameLength
    let energy = 0
    for (let i = 0; i < window; i++) {
      x[i]! -= mean
      if (i < frameLength) energy += x[i]! * x[i]!
    }
    frames.push({ x, energy })
  }
  const loudest = frames.reduce((max, frame) => Math.max(max, frame.energy), 0)
  const minEnergy = Math.max(minRms * minRms * frameLength, relativeLoudness * relativeLoudness * loudest)

  const estimates: number[] = []
  for (const { x, energy } of frames) {
    if (energy < minEnergy) continue
    const pitch = framePitchHz(x, energy, frameLength, minLag, maxLag, rate)
    if (pitch !== null) estimates.push(pitch)
  }
  if (estimates.length < minVoicedFrames) return null
  estimates.sort((a, b) => a - b)
  const middle = estimates.length >> 1
  return estimates.length % 2 ? estimates[middle]! : (estimates[middle - 1]! + estimates[middle]!) / 2
}

/** F0 of one frame: `x` holds the frame (`length` samples, mean removed, `energy` = Σx²) followed by maxLag + 1 more. */
function framePitchHz(x: Float64Array, energy: number, length: number, minLag: number, maxLag: number, rate: number) {
  // Normalised cross-correlation of the frame with itself shifted by `lag` (1 = identical shape), from minLag-1 to maxLag+1.
  const correlation = new Float64Array(maxLag + 2)
  let best = -1
  for (let lag = Math.max(1, minLag - 1); lag <= maxLag + 1; lag++) {
    let product = 0
    let shifted = 0
    for (let i = 0; i < length; i++) {
      product += x[i]! * x[i + lag]!
      shifted += x[i + lag]! * x[i + lag]!
    }
    const value = shifted > 0 ? product / Math.sqrt(energy * shifted) : 0
    correlation[lag] = value
    if (lag >= minLag && lag <= maxLag && value > best) best = value
  }
  if (best < minCorrelation) return null
  for (let lag = Math.max(2, minLag); lag <= maxLag; lag++) {
    const [before, here, after] = [correlation[lag - 1]!, correlation[lag]!, correlation[lag + 1]!]
    if (here < peakTolerance * best || here < before || here < after) continue
    const curvature = before - 2 * here + after
    const offset = curvature < 0 ? (0.5 * (before - after)) / curvature : 0
    return rate / (lag + offset)
  }
  return null
}
