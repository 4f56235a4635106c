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
  /** Every blob under `prefix` (a folder: a valid key followed by '/'), with its size; in no particular order. */
  list(prefix: string): AsyncIterable<{ key: string; size: number }>
  /**
   * Deletes every blob under `prefix` (a folder, as for list) and returns how many and their bytes. A missing
   * folder deletes nothing. Not atomic: a crash part-way leaves the rest for the next call.
   */
  deletePrefix(prefix: string): Promise<{ files: number; bytes: number }>
  /** Runs `use` with the blob as a file on this machine (tools such as sox need a path); read-only. */
  withLocalFile<T>(key: string, use: (filePath: string) => Promise<T>): Promise<T>
}

const keyPattern = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i

export function assertBlobKey(key: string) {
  if (!keyPattern.test(key) || key.includes('..') || key.length > 300) throw new Error(`Invalid blob key: ${key}`)
}

/** A folder of keys (`org/<orgId>/`): a valid key and a slash, so `org/a` never matches `org/ab/…`. */
export function assertBlobPrefix(prefix: string) {
  if (!prefix.endsWith('/')) throw new Error(`Invalid blob prefix (must end with /): ${prefix}`)
  assertBlobKey(prefix.slice(0, -1))
}

/** The local store: files under one directory, readable only by this user. */
export function createLocalBlobStore(root: string): BlobStore {
  const base = path.resolve(root)
  const pathOf = (key: string) => {
    assertBlobKey(key)
    return path.join(base, key)
  }
  /** The files under a folder as keys ('/'-separated on every platform) and sizes; a missing folder has none. */
  async function* walk(folder: string): AsyncGenerator<{ key: string; size: number }> {
    let entries: fs.Dirent[]
    try {
      entries = await fsp.readdir(folder, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const entry of entries) {
      const file = path.join(folder, entry.name)
      if (entry.isDirectory()) yield* walk(file)
      else if (entry.isFile()) {
        // A file deleted meanwhile is skipped.
        const size = await fsp.stat(file).then((stat) => stat.size, () => null)
        if (size !== null) yield { key: path.relative(base, file).split(path.sep).join('/'), size }
      }
    }
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
    list(prefix) {
      assertBlobPrefix(prefix)
      return walk(path.join(base, prefix))
    },
    async deletePrefix(prefix) {
      assertBlobPrefix(prefix)
      let files = 0
      let bytes = 0
      // File by file, so the counts are of what was deleted (an S3 store would list and delete in batches of 1000).
      for await (const blob of walk(path.join(base, prefix))) {
        await fsp.rm(path.join(base, blob.key), { force: true })
        files += 1
        bytes += blob.size
      }
      await fsp.rm(path.join(base, prefix), { recursive: true, force: true })
      return { files, bytes }
    },
    withLocalFile(key, use) {
      return use(pathOf(key))
    },
  }
}
