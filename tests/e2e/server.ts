// Starts the app for the end-to-end tests on a database reset for this run:
// a fresh PostgreSQL database when TEST_DATABASE_URL/DATABASE_URL is set,
// otherwise a fresh embedded PGlite directory.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freshDatabase } from '../support/app-process'
import { generateSigningKeyPem } from '../../server/audit/checkpoint'

const adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
if (adminUrl) {
  process.env.DATABASE_URL = await freshDatabase(`hireproof_e2e_${process.env.PORT ?? '3100'}`, adminUrl)
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-e2e-'))
  process.env.PGLITE_DIR = dir
  delete process.env.DATABASE_URL
}

process.env.STORAGE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-e2e-blobs-'))

// A deployment signs audit checkpoints with its own key; so does this one.
process.env.AUDIT_SIGNING_KEY ??= generateSigningKeyPem()

await import('../../server/main')
