import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'

/**
 * Where uploaded files live. Keys are opaque, made by the services
 * (`org/<orgId>/recordings/<id>`), and never contain user input.
 *
 * A write is all or nothing: the bytes go to a temporary file that is renamed
 * into place only once the source ended without error, so a reader never sees
 * half a file and an aborted upload leaves nothing behind.
 */
export interface BlobStore {
  write(key: string, source: Readable | AsyncIterable<Uint8Array>): Promise<void>
  /** A byte range is inclusive, as in HTTP Range. */
  read(key: string, range?: { start: number; end: number }): Readable
  size(key: string): Promise<number | null>
  delete(key: string): Promise<void>
  /** Runs `use` with the blob as a file on this machine (tools such as sox need a path); read-only. */
  withLocalFile<T>(key: string, use: (filePath: string) => Promise<T>): Promise<T>
}

const keyPattern = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i

export function assertBlobKey(key: string) {
  if (!keyPattern.test(key) || key.includes('..') || key.length > 300) throw new Error(`Invalid blob key: ${key}`)
}

/** The local store: files under one directory, readable only by this user. */
export function createLocalBlobStore(root: string): BlobStore {
  const base = path.resolve(root)
  const pathOf = (key: string) => {
    assertBlobKey(key)
    return path.join(base, key)
  }
  return {
    async write(key, source) {
      const target = pathOf(key)
      await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
      const temporary = `${target}.${crypto.randomBytes(6).toString('hex')}.partial`
      try {
        await pipeline(source, fs.createWriteStream(temporary, { mode: 0o600, flags: 'wx' }))
        await fsp.rename(temporary, target)
      } catch (error) {
        await fsp.rm(temporary, { force: true })
        throw error
      }
    },
    read(key, range) {
      return fs.createReadStream(pathOf(key), range ? { start: range.start, end: range.end } : undefined)
    },
    async size(key) {
      try {
        return (await fsp.stat(pathOf(key))).size
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async delete(key) {
      await fsp.rm(pathOf(key), { force: true })
    },
    withLocalFile(key, use) {
      return use(pathOf(key))
    },
  }
}
