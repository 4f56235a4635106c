// Mixed load against the production build on PostgreSQL: the trust center, the sign-in page, the candidate list, audit
// search, the SCIM user list and candidate creation (writes), all at once for LOAD_SECONDS (60) with LOAD_CONNECTIONS
// (100) connections shared between them. Reports requests/s and p50/p99 per route, and fails on any 5xx, any error
// or timeout, or a write that was acknowledged but is not in the database (or stored without being acknowledged).
// Each route's throughput is also given as a ratio to the cached trust-center page measured in the same run.
//
// Needs a build (`npm run build`) and PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres); a database `hireproof_load` is created afresh.
// Run with `npm run bench -- load`.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import pg from 'pg'

type Result = {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number }
  errors: number
  timeouts: number
  '2xx': number
  '4xx': number
  '5xx': number
}
type Instance = Promise<Result> & { on(event: 'response', listener: (client: unknown, status: number) => void): void }
type Autocannon = ((options: Record<string, unknown>) => Instance) & { track?: unknown }
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

const port = 3310
const base = `http://127.0.0.1:${port}`
const seconds = Number(process.env.LOAD_SECONDS ?? 60)
const connections = Number(process.env.LOAD_CONNECTIONS ?? 100)
const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'
const dbName = 'hireproof_load'

if (!fs.existsSync(path.resolve('build/index.js'))) {
  console.error('load bench: build/index.js is missing. Run `npm run build` first.')
  process.exit(1)
}

const databaseUrl = (() => {
  const url = new URL(adminUrl)
  url.pathname = `/${dbName}`
  return url.toString()
})()
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-load-'))
let child: ChildProcess | undefined
let childLog = ''
const stopChild = () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
}
process.on('exit', () => {
  stopChild()
  fs.rmSync(storageDir, { recursive: true, force: true })
})

async function resetDatabase() {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${dbName}`)
  await admin.end()
}

async function startApp() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: base,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    STORAGE_DIR: storageDir,
    ENCRYPTION_KEYS: `load:${crypto.randomBytes(32).toString('base64')}`,
    SEED_DEMO: 'always',
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    JOB_WORKERS: '1',
  }
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk) => (childLog += chunk))
  child.stderr?.on('data', (chunk) => (childLog += chunk))
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}:\n${childLog}`)
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the app did not answer /healthz within 120 s:\n${childLog}`)
}

const cookieHeader = (response: Response, jar: Map<string, string>) => {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';')
    const [name, ...value] = pair!.split('=')
    jar.set(name!, value.join('='))
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** Signs in as the demo owner the way a browser does (CSRF cookie and field); returns the Cookie header. */
async function signIn() {
  const jar = new Map<string, string>()
  const page = await fetch(`${base}/sign-in`)
  cookieHeader(page, jar)
  const csrf = [...jar].find(([name]) => name.endsWith('hp_csrf'))?.[1] ?? ''
  const form = new URLSearchParams({ email: 'owner@demo.hireproof.test', password: 'hireproof-demo', csrf })
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { cookie: cookieHeader(page, jar), 'content-type': 'application/x-www-form-urlencoded' },
  })
  const cookie = cookieHeader(response, jar)
  if (![...jar.keys()].some((name) => name.endsWith('hp_session'))) throw new Error(`sign-in failed (${response.status})`)
  return cookie
}

async function trpc(cookie: string, pathName: string, input: unknown) {
  const response = await fetch(`${base}/api/trpc/${pathName}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } }
  if (!response.ok) throw new Error(`${pathName}: ${response.status} ${body.error?.message}`)
  return body.result!.data
}

async function main() {
  await resetDatabase()
  await startApp()
  const cookie = await signIn()
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  // SCIM is an Enterprise feature: the demo organization gets the plan, then a token.
  const { rows: orgs } = await db.query<{ id: string }>(`SELECT id FROM "Organization" WHERE name = 'Acme Talent (demo)'`)
  await db.query(`UPDATE "Organization" SET plan = 'ENTERPRISE' WHERE id = $1`, [orgs[0]!.id])
  const { token: scimToken } = (await trpc(cookie, 'scim.createToken', { name: 'Load' })) as { token: string }
  const job = (await trpc(cookie, 'job.create', { title: 'Load test engineer', description: '', location: 'Leeds', region: 'EU', currency: 'EUR' })) as { id: string }
  const runId = crypto.randomBytes(4).toString('hex')

  const routes: { name: string; share: number; options: Record<string, unknown> }[] = [
    { name: 'GET /trust/faq', share: 0.2, options: { url: `${base}/trust/faq` } },
    { name: 'GET /sign-in', share: 0.15, options: { url: `${base}/sign-in` } },
    {
      name: 'GET candidate.list',
      share: 0.2,
      options: { url: `${base}/api/trpc/candidate.list`, headers: { cookie } },
    },
    {
      name: 'GET audit.list q=',
      share: 0.15,
      options: { url: `${base}/api/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ q: 'candidate' }))}`, headers: { cookie } },
    },
    { name: 'GET /scim/v2/Users', share: 0.15, options: { url: `${base}/scim/v2/Users?count=50`, headers: { authorization: `Bearer ${scimToken}` } } },
    {
      name: 'POST candidate.create',
      share: 0.15,
      options: {
        url: `${base}/api/trpc/candidate.create`,
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Load ${runId} [<id>]`, location: 'Leeds', jobId: job.id }),
        idReplacement: true,
      },
    },
  ]

  console.log(`mixed load: ${connections} connections for ${seconds} s against the production build on PostgreSQL`)
  let acknowledged = 0
  const results = await Promise.all(
    routes.map((route) => {
      const instance = autocannon({ ...route.options, connections: Math.max(1, Math.round(connections * route.share)), duration: seconds })
      if (route.name.startsWith('POST')) instance.on('response', (_client, status) => (status === 200 ? acknowledged++ : undefined))
      return instance
    }),
  )
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Candidate" WHERE name LIKE $1`, [`Load ${runId} %`])
  await db.end()

  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`
  const baseline = results[0]!.requests.average
  console.log(row(['route', 'connections', 'requests/s', 'vs /trust/faq', 'p50 ms', 'p99 ms', '2xx', '4xx', '5xx', 'errors+timeouts']))
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']))
  let failures = 0
  results.forEach((r, i) => {
    const route = routes[i]!
    console.log(
      row([
        route.name,
        Math.max(1, Math.round(connections * route.share)),
        Math.round(r.requests.average),
        `${(r.requests.average / baseline).toFixed(2)}x`,
        r.latency.p50,
        r.latency.p99,
        r['2xx'],
        r['4xx'],
        r['5xx'],
        r.errors + r.timeouts,
      ]),
    )
    failures += r['5xx'] + r.errors + r.timeouts
  })
  const total = results.reduce((sum, r) => sum + r.requests.average, 0)
  console.log(`\nall routes: ${Math.round(total)} requests/s; writes acknowledged ${acknowledged}, rows found ${rows[0]!.n}`)
  if (acknowledged !== rows[0]!.n) failures++
  if (failures) {
    console.error(`load bench failed: ${failures} 5xx responses, errors, timeouts or lost writes`)
    process.exit(1)
  }
}

main()
  .then(() => {
    stopChild()
    process.exit(0)
  })
  .catch((error: unknown) => {
    console.error(error)
    stopChild()
    process.exit(1)
  })
