#!/usr/bin/env node
// Runs the Prisma CLI offline. Prisma 6 looks for native engines it never uses
// with `engine: "js"` (prisma.config.ts); pointing these variables at any existing
// file stops it from trying to download them. DATABASE_URL is only read to
// validate schema.prisma; the CLI talks to databases through the config adapter.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const placeholderEngine = path.join(root, 'package.json')
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholderEngine,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholderEngine,
  DATABASE_URL: process.env.DATABASE_URL || 'postgresql://unused@127.0.0.1:5432/unused',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
}
const result = spawnSync(path.join(root, 'node_modules/.bin/prisma'), process.argv.slice(2), {
  cwd: root,
  env,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
