import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { createLocalBlobStore } from '../../server/storage/blob-store'

/** Listing and deleting a folder of blobs (organization deletion takes `org/<orgId>/`). */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-blobs-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const bytes = (text: string) => Readable.from([Buffer.from(text)])

async function listed(store: ReturnType<typeof createLocalBlobStore>, prefix: string) {
  const found: { key: string; size: number }[] = []
  for await (const blob of store.list(prefix)) found.push(blob)
  return found.sort((a, b) => a.key.localeCompare(b.key))
}

describe('local blob store folders', () => {
  it('lists and deletes every file under a prefix, nested, with counts and bytes; a neighbouring prefix is untouched', async () => {
    const store = createLocalBlobStore(root)
    await store.write('org/a/recordings/r1', bytes('12345'))
    await store.write('org/a/cvs/deep/c1', bytes('abc'))
    await store.write('org/ab/recordings/r2', bytes('keep me'))
    expect(await listed(store, 'org/a/')).toEqual([
      { key: 'org/a/cvs/deep/c1', size: 3 },
      { key: 'org/a/recordings/r1', size: 5 },
    ])
    expect(await store.deletePrefix('org/a/')).toEqual({ files: 2, bytes: 8 })
    expect(await listed(store, 'org/a/')).toEqual([])
    expect(fs.existsSync(path.join(root, 'org/a'))).toBe(false)
    expect(await store.size('org/ab/recordings/r2')).toBe(7)
    expect(await listed(store, 'org/ab/')).toEqual([{ key: 'org/ab/recordings/r2', size: 7 }])
  })

  it('deletes nothing, without error, under a folder that does not exist (a second run)', async () => {
    const store = createLocalBlobStore(root)
    expect(await store.deletePrefix('org/never/')).toEqual({ files: 0, bytes: 0 })
    expect(await listed(store, 'org/never/')).toEqual([])
  })

  it('refuses prefixes that are not a folder of valid keys', async () => {
    const store = createLocalBlobStore(root)
    for (const prefix of ['org/a', '', '/', '../', 'org/../', 'org//']) {
      await expect(store.deletePrefix(prefix), prefix).rejects.toThrow(/Invalid blob/)
      expect(() => store.list(prefix), prefix).toThrow(/Invalid blob/)
    }
  })
})
