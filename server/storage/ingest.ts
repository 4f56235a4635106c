import crypto from 'node:crypto'
import { AppError } from '../errors'
import type { BlobStore } from './blob-store'
import { sniffLength, sniffType, type SniffedType } from './sniff'

/** Why an upload was refused; `status` is the HTTP status it maps to. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message)
  }
}

export type IngestedFile = { type: SniffedType; sizeBytes: number; sha256: string }

/**
 * Streams an upload into the blob store with constant memory: the type is
 * decided from the first bytes (anything not in `accept` is refused before
 * more is read), the SHA-256 and size are computed on the way, and the
 * upload is cut off as soon as it passes `maxBytes`. On any refusal or error
 * nothing is left in the store.
 */
export async function ingestUpload(options: {
  store: BlobStore
  key: string
  source: AsyncIterable<Uint8Array>
  maxBytes: number
  accept: (type: SniffedType) => boolean
  /** What to tell the user an accepted file may be. */
  acceptedDescription: string
}): Promise<IngestedFile> {
  const { store, key, maxBytes } = options
  const iterator = options.source[Symbol.asyncIterator]()

  // Read just enough to recognise the format.
  const head: Uint8Array[] = []
  let headLength = 0
  let ended = false
  while (headLength < sniffLength) {
    const next = await iterator.next()
    if (next.done) {
      ended = true
      break
    }
    head.push(next.value)
    headLength += next.value.length
  }
  if (headLength === 0) throw new UploadRefused(400, 'The file is empty.')
  const type = sniffType(Buffer.concat(head))
  if (!type || !options.accept(type)) {
    await iterator.return?.()
    throw new UploadRefused(415, `This file is not ${options.acceptedDescription}.`)
  }

  const hash = crypto.createHash('sha256')
  let sizeBytes = 0
  async function* everything() {
    for (const chunk of head) yield chunk
    if (ended) return
    while (true) {
      const next = await iterator.next()
      if (next.done) return
      yield next.value
    }
  }
  async function* metered() {
    for await (const chunk of everything()) {
      sizeBytes += chunk.length
      if (sizeBytes > maxBytes) throw new UploadRefused(413, `The file is larger than the limit of ${formatBytes(maxBytes)}.`)
      hash.update(chunk)
      yield chunk
    }
  }
  await store.write(key, metered())
  return { type, sizeBytes, sha256: hash.digest('hex') }
}

export function formatBytes(bytes: number) {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 1)} GB`
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} bytes`
}

const refusalCode = { 400: 'BAD_REQUEST', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' } as const

/**
 * An upload as services receive it: refused before a byte is read when its
 * declared size is over the limit (the browser is told at once, not after
 * sending a gigabyte), then streamed in by ingestUpload; refusals become
 * AppErrors with the file field named.
 */
export async function receiveUpload(options: Parameters<typeof ingestUpload>[0] & { declaredBytes?: number }): Promise<IngestedFile> {
  if (options.declaredBytes !== undefined && options.declaredBytes > options.maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${formatBytes(options.maxBytes)}.`)
  }
  try {
    return await ingestUpload(options)
  } catch (error) {
    if (error instanceof UploadRefused) throw new AppError(refusalCode[error.status], error.message, { file: error.message })
    throw error
  }
}
