import { Readable } from 'node:stream'
import { getBlobStore } from '../../server/storage'
import { getEnv } from '../../server/env'

/**
 * Streams a stored recording, honouring a single HTTP byte range (players
 * seek with them). The type is the one detected at upload, and the browser is
 * told not to guess another (nosniff is set for every response).
 */
export async function recordingResponse(request: Request, recording: { storageKey: string; contentType: string; sizeBytes: number; fileName: string }) {
  const blobs = getBlobStore(getEnv())
  const size = recording.sizeBytes
  const headers = new Headers({
    'Content-Type': recording.contentType,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, no-store',
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(recording.fileName)}`,
  })
  const range = parseRange(request.headers.get('range'), size)
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`)
    return new Response(null, { status: 416, headers })
  }
  const { start, end } = range ?? { start: 0, end: size - 1 }
  headers.set('Content-Length', String(end - start + 1))
  if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`)
  const stream = Readable.toWeb(blobs.read(recording.storageKey, { start, end })) as ReadableStream<Uint8Array>
  return new Response(request.method === 'HEAD' ? null : stream, { status: range ? 206 : 200, headers })
}

/** One range of "bytes=a-b", "bytes=a-" or "bytes=-n"; null for none or a form we do not serve (the whole file is sent). */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/)
  if (!match || (!match[1] && !match[2])) return null
  let start: number
  let end: number
  if (!match[1]) {
    start = Math.max(0, size - Number(match[2]))
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1
  }
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}
