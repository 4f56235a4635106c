/**
 * What a file is, from its first bytes: the name and the Content-Type a
 * browser sends are the uploader's claims and are never trusted. Only the
 * formats we accept are recognised; anything else is `null`.
 */
export type SniffedType = { mime: string; kind: 'audio' | 'video' | 'pdf' | 'zip'; extension: string }

/** Bytes needed to decide: the longest signature ends within the first 64 bytes. */
export const sniffLength = 64

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end))

export function sniffType(bytes: Uint8Array): SniffedType | null {
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE') {
    return { mime: 'audio/wav', kind: 'audio', extension: 'wav' }
  }
  if (bytes.length >= 4 && ascii(bytes, 0, 4) === 'fLaC') return { mime: 'audio/flac', kind: 'audio', extension: 'flac' }
  if (bytes.length >= 4 && ascii(bytes, 0, 4) === 'OggS') return { mime: 'audio/ogg', kind: 'audio', extension: 'ogg' }
  if (bytes.length >= 3 && ascii(bytes, 0, 3) === 'ID3') return { mime: 'audio/mpeg', kind: 'audio', extension: 'mp3' }
  // An MPEG audio frame header: 11 sync bits, a defined version and layer III/II.
  if (bytes.length >= 3 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x18) !== 0x08 && (bytes[1]! & 0x06) !== 0) {
    return { mime: 'audio/mpeg', kind: 'audio', extension: 'mp3' }
  }
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12)
    if (brand === 'M4A ' || brand === 'M4B ') return { mime: 'audio/mp4', kind: 'audio', extension: 'm4a' }
    if (brand === 'qt  ') return { mime: 'video/quicktime', kind: 'video', extension: 'mov' }
    return { mime: 'video/mp4', kind: 'video', extension: 'mp4' }
  }
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    const header = ascii(bytes, 4, Math.min(bytes.length, sniffLength))
    return header.includes('webm')
      ? { mime: 'video/webm', kind: 'video', extension: 'webm' }
      : { mime: 'video/x-matroska', kind: 'video', extension: 'mkv' }
  }
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return { mime: 'application/pdf', kind: 'pdf', extension: 'pdf' }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { mime: 'application/zip', kind: 'zip', extension: 'zip' }
  }
  return null
}
