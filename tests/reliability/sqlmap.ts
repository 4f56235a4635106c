// SQL injection scan: sqlmap against the production build's public trust-center forms, its tRPC API and SCIM, with a
// positive control. Every scan must find nothing, draw no 5xx from the app, and not be refused (401/403/429): a
// refused scan never reaches the query code and would prove nothing. Each target's request without a payload is sent
// first and must get its expected status, or the target is not scanned and its check fails. The positive control is a
// deliberately injectable endpoint on PostgreSQL, scanned with the same options in each request shape (form POST, JSON
// in a GET parameter, JSON body); sqlmap must report it injectable, which shows the options are strong enough.
//
// Needs a build (`npm run build`), sqlmap on PATH and PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres); the databases hireproof_sqlmap and hireproof_sqlmap_control are
// created afresh, and dropped with sqlmap's logs when every check passed. SQLMAP_LEVEL (3) and SQLMAP_RISK (2) set
// the depth; SQLMAP_ONLY=<text> runs only the checks whose name contains the text (while working on one).
// Run: node --import tsx tests/reliability/sqlmap.ts
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { adminDatabaseUrl, assertBuilt, callProcedure, demoOwner, freshDatabase, signIn } from '../support/app-process'
import { startAppProcess, type AppProcess } from '../support/app-process'
import { runPart, type CheckResult } from './report'

const appPort = 3320
const controlPort = 3321
const level = Number(process.env.SQLMAP_LEVEL ?? 3)
const risk = Number(process.env.SQLMAP_RISK ?? 2)
const only = process.env.SQLMAP_ONLY
const scanTimeoutMs = 300_000
const appDatabase = 'hireproof_sqlmap'
const controlDatabase = 'hireproof_sqlmap_control'

type Scan = {
  check: string
  /** sqlmap's -u; `*` marks custom injection points (used inside JSON in a GET parameter). */
  url: string
  /** Request body: a urlencoded form, or JSON (sqlmap then tests every JSON value). */
  data?: string
  headers?: Record<string, string>
  /** The signed-in session: sent on every request, never scanned itself. */
  cookie?: string
  /** A public, per-address rate-limited form: every request comes from a random client address. */
  publicForm?: boolean
  /** Fields that must differ on every request (rate-limited or unique addresses): see evalCode. */
  salt?: string[]
  /** sqlmap's -p: it skips a parameter named like a CSRF token (`token`) unless told to test it. */
  testParameter?: string
  /** Seconds between requests: SCIM allows a token 100 requests/s (burst 500), less than sqlmap sends. */
  delay?: number
  /** sqlmap's names for the injection points it must test ('#1*' is the first `*` mark); headers are added by level. */
  params: string[]
  /** The status the request without a payload must get: proof the scan gets past authentication and limits. */
  baseline: number
  /** Positive control: sqlmap must find the injection; its 500s are expected. */
  control?: boolean
}

type Outcome = {
  found: boolean
  notFound: boolean
  requests: number
  statuses: Map<number, number>
  noResponse: number
  tested: string[]
  techniques: string[]
  timedOut: boolean
}

const randomIp = () => Array.from({ length: 4 }, () => 1 + crypto.randomInt(254)).join('.')

/**
 * Python that sqlmap runs before every request (--eval). The xforwardedfor tamper script gives a random address only
 * to requests that carry a payload; sqlmap's plain requests (connection, stability, comparison pages) would all come
 * from 127.0.0.1 and meet the trust forms' per-address limit after five. So every request gets a random
 * X-Forwarded-For here, on the header dict of the request being made (`auxHeaders`, a local of sqlmap 1.7's
 * Connect.queryPage). Salted fields get a random number before their '@', so neither the per-email limit nor a unique
 * user name answers in place of the query code; a payload follows the value and survives. A field missing from the
 * request (JSON broken by a payload) is left alone: sqlmap does not write a None back.
 */
function evalCode(scan: Scan) {
  const lines = ['import random']
  const address = `'.'.join(str(random.randint(1, 254)) for _ in range(4))`
  if (scan.publicForm) lines.push(`_locals['auxHeaders']['X-Forwarded-For'] = ${address}`)
  for (const name of scan.salt ?? []) {
    const value = `globals().get('${name}')`
    lines.push(`${name} = ${value}.replace('@', '.%d@' % random.randint(0, 10 ** 9), 1) if isinstance(${value}, str) else None`)
  }
  return lines.join('\n')
}

function sqlmapArgs(scan: Scan, outputDir: string, trafficFile: string) {
  const args = [
    `--url=${scan.url}`,
    '--batch',
    '--flush-session',
    '--ignore-stdin',
    '--disable-coloring',
    `--output-dir=${outputDir}`,
    '-t',
    trafficFile,
    `--level=${level}`,
    `--risk=${risk}`,
    '--technique=BEUST',
    '--dbms=PostgreSQL',
    '--time-sec=2',
    // Every request stands alone: the session given or none, never a cookie the app sets on the way.
    '--drop-set-cookie',
  ]
  if (scan.data !== undefined) args.push(`--data=${scan.data}`)
  const headers = Object.entries(scan.headers ?? {}).map(([name, value]) => `${name}: ${value}`)
  if (headers.length) args.push(`--headers=${headers.join('\n')}`)
  if (scan.cookie) args.push(`--cookie=${scan.cookie}`, `--skip=${scan.cookie.split('; ').map((c) => c.split('=')[0]).join(',')}`)
  if (scan.testParameter) args.push('-p', scan.testParameter)
  if (scan.delay) args.push(`--delay=${scan.delay}`)
  // A 4xx baseline is the target's normal answer (an unknown token's 404); sqlmap would stop at it otherwise.
  if (scan.baseline >= 400) args.push(`--ignore-code=${scan.baseline}`)
  if (scan.publicForm) args.push('--tamper=xforwardedfor')
  if (scan.publicForm || scan.salt) args.push(`--eval=${evalCode(scan)}`)
  return args
}

/** Runs sqlmap on one target and reads its verdict from its output, and what it sent and got from its traffic log. */
async function runSqlmap(scan: Scan, workDir: string): Promise<Outcome> {
  const outputDir = path.join(workDir, scan.check.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''))
  const trafficFile = path.join(outputDir, 'traffic.txt')
  fs.mkdirSync(outputDir, { recursive: true })
  const child = spawn('sqlmap', sqlmapArgs(scan, outputDir, trafficFile), { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (chunk) => (log += chunk))
  child.stderr.on('data', (chunk) => (log += chunk))
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, scanTimeoutMs)
  await new Promise((resolve) => child.once('close', resolve))
  clearTimeout(timer)
  fs.writeFileSync(path.join(outputDir, 'sqlmap.log'), log)

  const traffic = fs.existsSync(trafficFile) ? fs.readFileSync(trafficFile, 'utf8') : ''
  const requests = traffic.match(/^HTTP request \[#\d+\]:$/gm)?.length ?? 0
  const statuses = new Map<number, number>()
  let answered = 0
  for (const [, code] of traffic.matchAll(/^HTTP response \[#\d+\] \((\d{3})\b/gm)) {
    statuses.set(Number(code), (statuses.get(Number(code)) ?? 0) + 1)
    answered++
  }
  // sqlmap's own count of error codes ("500 (Internal Server Error) - 3 times"), should the traffic log miss one.
  const summary = /HTTP error codes detected during run:\s*\n(.*)/.exec(log)?.[1] ?? ''
  for (const [, code, times] of summary.matchAll(/(\d{3}) \([^)]*\) - (\d+) times/g)) {
    if (Number(times) > (statuses.get(Number(code)) ?? 0)) statuses.set(Number(code), Number(times))
  }
  return {
    found: /identified the following injection point|parameter '[^']+' is vulnerable/.test(log),
    notFound: /all tested parameters do not appear to be injectable/.test(log),
    requests,
    statuses,
    noResponse: Math.max(0, requests - answered),
    tested: [...new Set([...log.matchAll(/testing for SQL injection on .*?parameter '([^']+)'/g)].map((m) => m[1]!))],
    techniques: [...new Set([...log.matchAll(/^\s+Type: (.+)$/gm)].map((m) => m[1]!.trim()))],
    timedOut,
  }
}

const count = (statuses: Map<number, number>, test: (code: number) => boolean) =>
  [...statuses].filter(([code]) => test(code)).reduce((sum, [, n]) => sum + n, 0)
const statusList = (statuses: Map<number, number>) =>
  [...statuses].sort(([a], [b]) => a - b).map(([code, n]) => `${code}×${n}`).join(' ') || 'none'

/** From level 3 sqlmap also injects into these headers, unless `*` marks or -p name the points to test. */
const headerParams = (scan: Scan) =>
  level >= 3 && !scan.testParameter && !scan.url.includes('*') ? ['User-Agent', 'Referer'] : []

/** Sends the request of `scan` without a payload, as sqlmap first sends it; returns its status. */
async function baselineStatus(scan: Scan) {
  const headers: Record<string, string> = { ...scan.headers }
  if (scan.data !== undefined && !headers['Content-Type']) {
    headers['Content-Type'] = scan.data.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'
  }
  if (scan.cookie) headers.Cookie = scan.cookie
  if (scan.publicForm) headers['X-Forwarded-For'] = randomIp()
  const method = scan.data === undefined ? 'GET' : 'POST'
  const response = await fetch(scan.url.replaceAll('*', ''), { method, headers, body: scan.data, redirect: 'manual' })
  await response.arrayBuffer()
  return response.status
}

async function scanTarget(scan: Scan, workDir: string, app?: AppProcess): Promise<CheckResult> {
  const baseline = await baselineStatus(scan)
  if (baseline !== scan.baseline) {
    const figures = `baseline request answered ${baseline}, expected ${scan.baseline}; not scanned`
    return { check: scan.check, passed: false, figures }
  }
  const logStart = app?.log().length ?? 0
  const started = Date.now()
  const outcome = await runSqlmap(scan, workDir)
  const seconds = Math.round((Date.now() - started) / 1000)
  const traffic = `${outcome.requests} requests in ${seconds} s (${statusList(outcome.statuses)})`
  const tested = `tested ${outcome.tested.join(', ') || 'nothing'}`
  // A control stops at the first injection it finds, so only its own parameter must be tested.
  const expected = [...scan.params, ...(scan.control ? [] : headerParams(scan))]
  const problems: string[] = []
  if (outcome.timedOut) problems.push(`sqlmap did not finish within ${scanTimeoutMs / 1000} s`)
  const missing = expected.filter((name) => !outcome.tested.includes(name))
  if (missing.length) problems.push(`not tested: ${missing.join(', ')}`)

  if (scan.control) {
    if (!outcome.found) problems.push('sqlmap did not find the injection')
    const result = outcome.found ? `found injectable (${outcome.techniques.join('; ') || 'technique not shown'})` : 'not found'
    return { check: scan.check, passed: problems.length === 0, figures: [traffic, tested, result, ...problems].join('; ') }
  }

  if (outcome.found) problems.push('sqlmap reports an injection')
  else if (!outcome.notFound) problems.push('sqlmap gave no verdict')
  const extra = outcome.tested.filter((name) => !expected.includes(name))
  if (extra.length) problems.push(`also tested: ${extra.join(', ')}`)
  const serverErrors = count(outcome.statuses, (code) => code >= 500)
  if (serverErrors) problems.push(`${serverErrors} answers 5xx`)
  const refused = count(outcome.statuses, (code) => code === 401 || code === 403 || code === 429)
  if (refused) problems.push(`${refused} answers 401/403/429: the scan was refused`)
  if (outcome.noResponse) problems.push(`${outcome.noResponse} requests without an answer`)
  const appErrors = (app?.log().slice(logStart) ?? '').split('\n').filter((line) => line.includes('"level":"error"'))
  if (appErrors.length) {
    problems.push(`${appErrors.length} errors logged by the app`)
    console.error(`${scan.check}: errors logged by the app:\n${appErrors.slice(0, 5).join('\n')}`)
  }
  const healthy = !app || (await fetch(`${app.base}/healthz`).then((r) => r.ok, () => false))
  if (!healthy) problems.push('the app is unhealthy afterwards')
  if (problems.length) console.error(`${scan.check}: sqlmap's log and traffic are in ${workDir}`)
  const result = outcome.found ? 'INJECTABLE' : outcome.notFound ? 'not injectable' : 'no verdict'
  const figures = [`baseline ${baseline}`, traffic, tested, result, ...problems].join('; ')
  return { check: scan.check, passed: problems.length === 0, figures }
}

/**
 * The positive control: an HTTP endpoint that pastes `name` into SQL, taken from a form field (POST /form), from JSON
 * in a GET parameter (GET /json?input={"name":...}) or from a JSON body (POST /json). Answers 200 with the rows, 400
 * to input it cannot read, 500 when PostgreSQL refuses the query (no error text: sqlmap must infer).
 */
async function startControl(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
  await pool.query('CREATE TABLE item (id serial PRIMARY KEY, name text NOT NULL)')
  await pool.query(`INSERT INTO item (name) VALUES ('alpha'), ('beta'), ('gamma')`)
  const nameFrom = (text: string) => (JSON.parse(text) as { name?: unknown }).name
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', async () => {
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      const url = new URL(req.url ?? '/', 'http://control')
      let name: unknown
      try {
        if (url.pathname === '/form') name = new URLSearchParams(body).get('name')
        else if (url.pathname === '/json') name = nameFrom(req.method === 'GET' ? (url.searchParams.get('input') ?? '') : body)
      } catch {
        return reply(400, { error: 'unreadable input' })
      }
      if (typeof name !== 'string') return reply(400, { error: 'name is required' })
      try {
        // Deliberately injectable: the value is pasted into the SQL text (simple protocol, so stacked queries run too).
        const result = (await pool.query(`SELECT name FROM item WHERE name = '${name}'`)) as pg.QueryResult | pg.QueryResult[]
        reply(200, { rows: (Array.isArray(result) ? result.at(-1)! : result).rows })
      } catch {
        reply(500, { error: 'query failed' })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(controlPort, '127.0.0.1', resolve))
  return {
    base: `http://127.0.0.1:${controlPort}`,
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await pool.end()
    },
  }
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
/** tRPC's GET form: the input as JSON in `input`, left unencoded so that sqlmap's `*` marks stay inside the values. */
const jsonInUrl = (url: string, input: Record<string, string>) => `${url}?input=${JSON.stringify(input)}`

/** The control in each request shape the app's targets use, with the same options as those targets. */
function controlScans(base: string): Scan[] {
  return [
    { check: 'positive control: form POST', url: `${base}/form`, data: 'name=alpha', publicForm: true, params: ['name'] },
    { check: 'positive control: JSON in a GET parameter', url: jsonInUrl(`${base}/json`, { name: 'alpha*' }), params: ['#1*'] },
    { check: 'positive control: JSON body', url: `${base}/json`, data: JSON.stringify({ name: 'alpha' }), params: ['JSON name'] },
  ].map((scan) => ({ ...scan, baseline: 200, control: true }))
}

/** Prepares what each app target needs to get past its checks (session, SCIM token, ids, NDA, token) and lists them. */
async function appScans(app: AppProcess, databaseUrl: string): Promise<Scan[]> {
  const base = app.base
  const cookie = await signIn(base)
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    // SCIM is an Enterprise feature, and provisions only addresses at a verified domain of the organization.
    const { rows: orgs } = await db.query<{ id: string }>(`SELECT id FROM "Organization" WHERE name = 'Acme Talent (demo)'`)
    const orgId = orgs[0]!.id
    await db.query(`UPDATE "Organization" SET plan = 'ENTERPRISE' WHERE id = $1`, [orgId])
    await db.query(
      `INSERT INTO "VerifiedDomain" (id, "orgId", domain, "verificationToken", "verifiedAt")
       VALUES ($1, $2, 'sqlmap.test', 'sqlmap', now())`,
      [`sqlmap-${crypto.randomBytes(6).toString('hex')}`, orgId],
    )
    const { token: scimToken } = await callProcedure<{ token: string }>(base, cookie, 'scim.createToken', { name: 'sqlmap' })
    const job = await callProcedure<{ id: string }>(base, cookie, 'job.create', {
      title: 'Injection test engineer',
      description: '',
      location: 'Leeds',
      region: 'EU',
      currency: 'EUR',
    })
    const candidate = await callProcedure<{ id: string }>(base, cookie, 'candidate.create', {
      name: 'Ann Example',
      location: 'Leeds',
      jobId: job.id,
    })

    // The documents form refuses a request whose NDA fingerprint is not the one the page shows, before deeper code.
    const documentsPage = await (await fetch(`${base}/trust/documents`)).text()
    const ndaSha256 = /name="ndaSha256" value="([0-9a-f]{64})"/.exec(documentsPage)?.[1]
    const documentId = /name="documentId"[^>]*value="([^"]+)"/.exec(documentsPage)?.[1]
    if (!ndaSha256 || !documentId) throw new Error('the documents page shows no NDA fingerprint or no document')

    // A pending confirmation token, from the email the subscription form queues (stored as sent: local transport).
    const subscriber = 'pending@example.com'
    const subscribed = await fetch(`${base}/trust/subprocessors`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': randomIp() },
      body: form({ email: subscriber }),
    })
    if (subscribed.status !== 200) throw new Error(`subscribing answered ${subscribed.status}`)
    const { rows: mails } = await db.query<{ text: string }>(
      `SELECT text FROM "OutboxEmail" WHERE "to" = $1 AND template = 'subprocessorSubscribeConfirm'`,
      [subscriber],
    )
    const confirmToken = /[?&]token=([A-Za-z0-9_-]+)/.exec(mails[0]?.text ?? '')?.[1]
    if (!confirmToken) throw new Error('no confirmation link in the outbox')

    const nda = { ndaAccepted: 'on', ndaSha256 }
    const trpc = `${base}/api/trpc`
    const scim = { Authorization: `Bearer ${scimToken}` }
    return [
      {
        check: 'trust: POST /trust/subprocessors (subscribe)',
        url: `${base}/trust/subprocessors`,
        data: form({ email: 'notices@example.com' }),
        publicForm: true,
        salt: ['email'],
        params: ['email'],
        baseline: 200,
      },
      {
        check: 'trust: POST /trust/documents (document request)',
        url: `${base}/trust/documents`,
        data: form({ documentId, name: 'Ann Example', company: 'Example Ltd', email: 'ann@example.com', ...nda }),
        publicForm: true,
        salt: ['email'],
        params: ['documentId', 'name', 'company', 'email', 'ndaAccepted', 'ndaSha256'],
        baseline: 200,
      },
      {
        // A pending token: the page looks it up and shows its address (200) without using it up.
        check: 'trust: GET /trust/subscription/confirm?token=',
        url: `${base}/trust/subscription/confirm?token=${confirmToken}`,
        publicForm: true,
        testParameter: 'token',
        params: ['token'],
        baseline: 200,
      },
      {
        // Unsubscribing uses its token up, so no token answers 200 twice: a well-formed unknown one passes the schema,
        // runs the lookup and gets the page's 404 "invalid link".
        check: 'trust: POST /trust/subscription/unsubscribe (token)',
        url: `${base}/trust/subscription/unsubscribe`,
        data: form({ token: crypto.randomBytes(32).toString('base64url') }),
        publicForm: true,
        testParameter: 'token',
        params: ['token'],
        baseline: 404,
      },
      {
        check: 'API: GET tRPC audit.list (q, actor, target)',
        url: jsonInUrl(`${trpc}/audit.list`, { q: 'candidate*', actor: `${demoOwner.email}*`, target: `${candidate.id}*` }),
        cookie,
        params: ['#1*', '#2*', '#3*'],
        baseline: 200,
      },
      {
        // candidate.list takes no input; candidate.get is the candidate query that does.
        check: 'API: GET tRPC candidate.get (candidateId)',
        url: jsonInUrl(`${trpc}/candidate.get`, { candidateId: `${candidate.id}*` }),
        cookie,
        params: ['#1*'],
        baseline: 200,
      },
      {
        check: 'API: POST tRPC candidate.create (JSON body)',
        url: `${trpc}/candidate.create`,
        data: JSON.stringify({
          name: 'Ann Example',
          email: 'ann@example.com',
          phone: '+44 20 7946 0000',
          location: 'Leeds',
          country: 'GB',
          expectedCompensation: '50000',
          jobId: job.id,
        }),
        headers: { 'Content-Type': 'application/json' },
        cookie,
        params: ['name', 'email', 'phone', 'location', 'country', 'expectedCompensation', 'jobId'].map((key) => `JSON ${key}`),
        baseline: 200,
      },
      {
        check: 'API: GET /scim/v2/Users (filter, startIndex, count)',
        url: `${base}/scim/v2/Users?filter=userName eq "${demoOwner.email}*"&startIndex=1*&count=10*`,
        headers: scim,
        delay: 0.01,
        params: ['#1*', '#2*', '#3*'],
        baseline: 200,
      },
      {
        check: 'API: POST /scim/v2/Users (JSON body)',
        url: `${base}/scim/v2/Users`,
        data: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'ann@sqlmap.test',
          name: { givenName: 'Ann', familyName: 'Example' },
          displayName: 'Ann Example',
          externalId: 'ext@idp',
          active: true,
        }),
        headers: { ...scim, 'Content-Type': 'application/scim+json' },
        // userName and externalId are unique per organization: salted, every request creates a new user (201).
        salt: ['userName', 'externalId'],
        delay: 0.01,
        params: ['#1*', 'userName', 'givenName', 'familyName', 'displayName', 'externalId', 'active'].map((key) => `JSON ${key}`),
        baseline: 201,
      },
    ]
  } finally {
    await db.end()
  }
}

runPart('SQL injection scan (sqlmap)', async () => {
  assertBuilt()
  if (spawnSync('sqlmap', ['--version'], { stdio: 'ignore' }).error) throw new Error('sqlmap is not on PATH')
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-sqlmap-'))
  console.log(`sqlmap level ${level}, risk ${risk}; its logs and traffic go to ${workDir}`)
  const checks: CheckResult[] = []
  const scanAll = async (scans: Scan[], app?: AppProcess) => {
    for (const scan of scans.filter((s) => !only || s.check.includes(only))) {
      console.log(`scanning ${scan.check}`)
      checks.push(await scanTarget(scan, workDir, app))
    }
  }

  const control = await startControl(await freshDatabase(controlDatabase))
  try {
    await scanAll(controlScans(control.base))
  } finally {
    await control.stop()
  }

  const databaseUrl = await freshDatabase(appDatabase)
  const storage = path.join(workDir, 'app-storage')
  fs.mkdirSync(storage)
  // One trusted proxy hop: the client address is the last X-Forwarded-For entry, which the scan randomizes.
  const app = await startAppProcess({ port: appPort, databaseUrl, env: { TRUST_PROXY_HOPS: '1', STORAGE_DIR: storage } })
  try {
    await scanAll(await appScans(app, databaseUrl), app)
  } finally {
    await app.stop()
  }

  if (checks.every((check) => check.passed)) {
    await dropDatabase(controlDatabase)
    await dropDatabase(appDatabase)
    fs.rmSync(workDir, { recursive: true, force: true })
  }
  return checks
})
