// The production build as its own process, for benchmarks and fault tests that must measure or break the real
// server: start it on a port with an environment, sign in as a browser does, call procedures over HTTP, stop or kill it.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export type AppProcess = {
  base: string
  child: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>
  /** SIGKILL: no shutdown, no release of claimed jobs. */
  kill(): Promise<void>
}

export const adminDatabaseUrl = () =>
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'

/** Drops and creates `name` on the server of `adminUrl`; returns the new database's URL. */
export async function freshDatabase(name: string, adminUrl = adminDatabaseUrl()) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`)
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export function assertBuilt() {
  if (!fs.existsSync(path.resolve('build/index.js'))) throw new Error('build/index.js is missing. Run `npm run build` first.')
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null
const waitForExit = (child: ChildProcess) =>
  exited(child) ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()))

/**
 * Starts `server/main.ts` with the production build on `port`, its own storage directory and encryption key unless
 * `env` gives them, and waits for /healthz. The demo organization is seeded (owner@demo.hireproof.test).
 */
export async function startAppProcess(options: { port: number; databaseUrl: string; env?: Record<string, string | undefined>; bootMs?: number }) {
  assertBuilt()
  const base = `http://127.0.0.1:${options.port}`
  const storageDir = options.env?.STORAGE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-app-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    APP_URL: base,
    DATABASE_URL: options.databaseUrl,
    STORAGE_DIR: storageDir,
    ENCRYPTION_KEYS: `app:${crypto.randomBytes(32).toString('base64')}`,
    SEED_DEMO: 'always',
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    MAILGUN_API_KEY: '',
    ...options.env,
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const app: AppProcess = {
    base,
    child,
    log: () => output,
    async stop() {
      if (!exited(child)) child.kill('SIGTERM')
      await waitForExit(child)
    },
    async kill() {
      if (!exited(child)) child.kill('SIGKILL')
      await waitForExit(child)
    },
  }
  process.once('exit', () => {
    if (!exited(child)) child.kill('SIGKILL')
  })
  const deadline = Date.now() + (options.bootMs ?? 120_000)
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`the app exited with code ${child.exitCode}:\n${output}`)
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return app
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await app.kill()
  throw new Error(`the app did not answer /healthz within ${options.bootMs ?? 120_000} ms:\n${output}`)
}

/** A cookie jar for fetch: remembers Set-Cookie, gives the Cookie header. */
export class CookieJar {
  private readonly cookies = new Map<string, string>()
  take(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, ...value] = pair!.split('=')
      this.cookies.set(name!, value.join('='))
    }
    return this
  }
  get(suffix: string) {
    return [...this.cookies].find(([name]) => name.endsWith(suffix))?.[1]
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

export const demoOwner = { email: 'owner@demo.hireproof.test', password: 'hireproof-demo' }

/** Signs in the way a browser does (CSRF cookie and field); returns the Cookie header of the session. */
export async function signIn(base: string, credentials = demoOwner) {
  const jar = new CookieJar()
  jar.take(await fetch(`${base}/sign-in`))
  const form = new URLSearchParams({ ...credentials, csrf: jar.get('hp_csrf') ?? '' })
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
  })
  jar.take(response)
  if (!jar.get('hp_session')) throw new Error(`sign-in failed (${response.status})`)
  return jar.header()
}

/** Calls a procedure over HTTP (POST for mutations, GET with `query: true`); throws with the status and message on error. */
export async function callProcedure<T = unknown>(base: string, cookie: string, name: string, input: unknown, options: { query?: boolean } = {}) {
  const url =
    options.query && input !== undefined
      ? `${base}/api/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`
      : `${base}/api/trpc/${name}`
  const response = await fetch(url, {
    method: options.query ? 'GET' : 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: options.query ? undefined : JSON.stringify(input),
  })
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } }
  if (!response.ok) throw Object.assign(new Error(`${name}: ${response.status} ${body.error?.message}`), { status: response.status })
  return body.result!.data
}
