/**
 * A minimal RIFF/WAVE reader for the local engine's own sox output: 16-bit integer PCM only, channels mixed to mono.
 * Anything else is refused rather than guessed at.
 */

export type PcmAudio = { sampleRate: number; samples: Int16Array; durationMs: number }

export class WavFormatError extends Error {
  override name = 'WavFormatError'
}

const formatPcm = 1
const formatExtensible = 0xfffe

export function parseWav(bytes: Uint8Array): PcmAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4))
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavFormatError('not a RIFF/WAVE file')

  let format: { channels: number; sampleRate: number; bitsPerSample: number; code: number } | undefined
  let data: { start: number; end: number } | undefined
  // Chunks are id (4) + little-endian size (4) + body, padded to an even length; unknown chunks (LIST, fact…) are skipped.
  for (let offset = 12; offset + 8 <= bytes.length && !data; ) {
    const id = tag(offset)
    const size = view.getUint32(offset + 4, true)
    const body = offset + 8
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavFormatError('truncated fmt chunk')
      let code = view.getUint16(body, true)
      // WAVE_FORMAT_EXTENSIBLE keeps the real format code in the first two bytes of its sub-format GUID.
      if (code === formatExtensible && size >= 26 && body + 26 <= bytes.length) code = view.getUint16(body + 24, true)
      const channels = view.getUint16(body + 2, true)
      format = { code, channels, sampleRate: view.getUint32(body + 4, true), bitsPerSample: view.getUint16(body + 14, true) }
    } else if (id === 'data') {
      // Writers that stream to a pipe leave the size at 0xFFFFFFFF (or too big): the data then runs to the end of the file.
      data = { start: body, end: Math.min(bytes.length, body + size) }
    }
    offset = body + size + (size & 1)
  }
  if (!format) throw new WavFormatError('no fmt chunk')
  if (!data) throw new WavFormatError('no data chunk')
  const { code, channels, sampleRate, bitsPerSample } = format
  if (code !== formatPcm || bitsPerSample !== 16) {
    throw new WavFormatError(`unsupported WAV encoding (format ${code}, ${bitsPerSample} bits)`)
  }
  if (channels < 1 || sampleRate < 1) throw new WavFormatError('invalid channel count or sample rate')

  const frameBytes = 2 * channels
  const frames = Math.floor((data.end - data.start) / frameBytes)
  const samples = new Int16Array(frames)
  for (let i = 0, at = data.start; i < frames; i++, at += frameBytes) {
    let sum = 0
    for (let c = 0; c < channels; c++) sum += view.getInt16(at + 2 * c, true)
    samples[i] = Math.round(sum / channels)
  }
  return { sampleRate, samples, durationMs: Math.round((frames / sampleRate) * 1000) }
}

/** 16-bit mono PCM WAV, the inverse of parseWav (tests, fixtures). */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const header = Buffer.alloc(44)
  const dataBytes = samples.length * 2
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + dataBytes, 4)
  header.write('WAVEfmt ', 8, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(formatPcm, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(sampleRate, 24)
  header.writeUInt32LE(sampleRate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(dataBytes, 40)
  const body = Buffer.alloc(dataBytes)
  samples.forEach((sample, i) => body.writeInt16LE(sample, i * 2))
  return Buffer.concat([header, body])
}
