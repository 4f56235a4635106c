import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'

/** The server process itself: configuration errors at start, and a clean stop on SIGTERM. */
function startServer(env: Record<string, string>) {
  const child = spawn('node', ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', LOG_LEVEL: 'info', SEED_DEMO: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, output: () => output }
}

test('a bad configuration stops the server at once with a clear message', async () => {
  const server = startServer({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' })
  expect(await server.exited).toBe(1)
  expect(server.output()).toContain('PORT')
  expect(server.output()).toContain('DATABASE_URL: must be a postgresql:// connection string')
})

test('SIGTERM stops taking connections, closes the database and exits 0', async () => {
  // It boots a whole server on a fresh embedded database (every migration, then the seed): slow on a busy machine.
  test.setTimeout(120_000)
  const port = 3150 + Math.floor(Math.random() * 40)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-lifecycle-'))
  const server = startServer({ PORT: String(port), HOST: '127.0.0.1', PGLITE_DIR: dir })
  const base = `http://127.0.0.1:${port}`
  await expect
    .poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status, { timeout: 60_000 })
    .toBe(200)
  // A browser-like keep-alive connection is open when the signal arrives.
  expect((await fetch(`${base}/sign-in`)).status).toBe(200)
  server.child.kill('SIGTERM')
  expect(await server.exited).toBe(0)
  expect(server.output()).toContain('"msg":"shutting down","signal":"SIGTERM"')
  expect(server.output()).toContain('"msg":"stopped"')
  await expect(fetch(`${base}/healthz`)).rejects.toThrow()
})
