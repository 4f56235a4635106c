import path from 'node:path'
import type { Env } from '../env'
import { createLocalBlobStore, type BlobStore } from './blob-store'

export type { BlobStore } from './blob-store'

const stores = new Map<string, BlobStore>()

/** The blob store the settings name (one per directory, shared by the process). */
export function getBlobStore(env: Pick<Env, 'STORAGE_DIR'>): BlobStore {
  const root = path.resolve(env.STORAGE_DIR)
  let store = stores.get(root)
  if (!store) {
    store = createLocalBlobStore(root)
    stores.set(root, store)
  }
  return store
}
