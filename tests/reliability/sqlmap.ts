// SQL injection scan: sqlmap against the production build's public trust-center forms, its tRPC API and SCIM, with a
// positive control. Every scan must find nothing, draw no 5xx from the app, and not be refused (401/403/429): a
// refused scan never reaches the query code and would prove nothing. Each target's request without a payload is sent
// first and must get its expected status, or the target is not scanned and its check fails. The positive control is a
// deliberately injectable endpoint on PostgreSQL, scanned with the same options in each request shape (form POST, JSON
// in a GET parameter, JSON body); sqlmap must report it injectable, which shows the options are strong enough.
//
// Needs a build (`npm run build`), sqlmap on PATH and PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres); the databases hireproof_sqlmap and hireproof_sqlmap_control are
// created afresh and dropped when every check passed. SQLMAP_LEVEL (2) and SQLMAP_RISK (2) set the depth;
// SQLMAP_ONLY=<text> runs only the checks whose name contains the text (while working on one).
// Run: node --import tsx tests/reliability/sqlmap.ts
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { adminDatabaseUrl, assertBuilt, callProcedure, freshDatabase, signIn, startAppProcess, type AppProcess } from '../support/app-process'
import { runPart, type CheckResult } from './report'

const appPort = 3320
const controlPort = 3321
const level = Number(process.env.SQLMAP_LEVEL ?? 2)
const risk = Number(process.env.SQLMAP_RISK ?? 2)
const only = process.env.SQLMAP_ONLY
const scanTimeoutMs = 300_000
const appDatabase = 'hireproof_sqlmap'
const controlDatabase = 'hireproof_sqlmap_control'
const sessionCookies = ['hp_csrf', 'hp_session']

type Scan = {
  check: string
  /** sqlmap's -u; `*` marks custom injection points (inside JSON in a GET parameter). */
  url: string
  /** Request body: a urlencoded form, or JSON (sqlmap then tests every JSON value). */
  data?: string
  headers?: Record<string, string>
  cookie?: string
  /** The trust forms' options: random client address on every request, a fresh email address per request. */
  form?: { salt: string[] }
  /** Python for sqlmap's --eval that makes each request's unique fields unique (SCIM userName). */
  salt?: string[]
  /** sqlmap's -p: it skips a parameter named like a CSRF token (`token`) unless told to test it. */
  testParameter?: string
  /** sqlmap's names for the injection points it must test, all of them ('#1*' is the first `*` mark). */
  params: string[]
  /** The status the request without a payload must get: proof the scan reaches the code behind authentication and limits. */
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
  log: string
}

const randomIp = () => Array.from({ length: 4 }, () => 1 + crypto.randomInt(254)).join('.')

/**
 * Python run by sqlmap before every request (--eval). Tamper scripts run only on requests that carry a payload, so
 * sqlmap's plain requests (connection, stability and comparison pages) would all come from 127.0.0.1 and hit the
 * per-address limit of the trust forms after five: here every request gets a random X-Forwarded-For, set on sqlmap's
 * header dict for this request (`auxHeaders`, a local of sqlmap 1.7's Connect.queryPage). Salted fields get a random
 * number before their '@', so the per-email limit and unique user names never answer instead of the query code; a
 * payload sits after the value and survives. A field absent from this request (broken JSON) is left alone: None is
 * not written back by sqlmap.
 */
function evalCode(options: { forwardedFor: boolean; salt: string[] }) {
  const lines = ['import random']
  if (options.forwardedFor) {
    lines.push(`_locals['auxHeaders']['X-Forwarded-For'] = '.'.join(str(random.randint(1, 254)) for _ in range(4))`)
  }
  for (const name of options.salt) {
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
    // Every request stands alone: the session given, or none, never a cookie the app sets on the way.
    '--drop-set-cookie',
  ]
  if (scan.data !== undefined) args.push(`--data=${scan.data}`)
  if (scan.testParameter) args.push(`-p`, scan.testParameter)
  // A 4xx baseline is the target's normal answer (an unknown token's 404); sqlmap would otherwise stop at it.
  if (scan.baseline >= 400) args.push(`--ignore-code=${scan.baseline}`)
  const headers = Object.entries(scan.headers ?? {}).map(([name, value]) => `${name}: ${value}`)
  if (headers.length) args.push(`--headers=${headers.join('\n')}`)
  // The session cookie is a credential, not input to scan.
  if (scan.cookie) args.push(`--cookie=${scan.cookie}`, `--skip=${sessionCookies.join(',')}`)
  if (scan.form) args.push('--tamper=xforwardedfor', `--eval=${evalCode({ forwardedFor: true, salt: scan.form.salt })}`)
  else if (scan.salt) args.push(`--eval=${evalCode({ forwardedFor: false, salt: scan.salt })}`)
  return args
}

/** Runs sqlmap on one target and reads its verdict from its output and the traffic it logged. */
async function runSqlmap(scan: Scan, workDir: string): Promise<Outcome> {
  const slug = scan.check.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  const outputDir = path.join(workDir, slug)
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
  const requests = traffic.match(/^HTTP request \[#\d+\]:$/gm)?.length ?? Number(/with a total of (\d+) HTTP/.exec(log)?.[1] ?? 0)
  const statuses = new Map<number, number>()
  let answered = 0
  for (const [, code] of traffic.matchAll(/^HTTP response \[#\d+\] \((\d{3})\b/gm)) {
    statuses.set(Number(code), (statuses.get(Number(code)) ?? 0) + 1)
    answered++
  }
  // sqlmap's own summary of error codes, in case the traffic file missed one.
  for (const [, code, times] of (/HTTP error codes detected during run:\s*\n(.*)/.exec(log)?.[1] ?? '').matchAll(/(\d{3}) \([^)]*\) - (\d+) times/g)) {
    if (Number(times) > (statuses.get(Number(code)) ?? 0)) statuses.set(Number(code), Number(times))
  }
  const tested = [...new Set([...log.matchAll(/testing for SQL injection on .*?parameter '([^']+)'/g)].map((m) => m[1]!))]
  return {
    found: /identified the following injection point|parameter '[^']+' is vulnerable/.test(log),
    notFound: /all tested parameters do not appear to be injectable/.test(log),
    requests,
    statuses,
    noResponse: Math.max(0, requests - answered),
    tested,
    techniques: [...new Set([...log.matchAll(/^\s+Type: (.+)$/gm)].map((m) => m[1]!.trim()))],
    timedOut,
    log,
  }
}

const count = (statuses: Map<number, number>, test: (code: number) => boolean) =>
  [...statuses].filter(([code]) => test(code)).reduce((sum, [, n]) => sum + n, 0)
const statusList = (statuses: Map<number, number>) =>
  [...statuses].sort(([a], [b]) => a - b).map(([code, n]) => `${code}×${n}`).join(' ') || 'none'

/** The request of `scan` without a payload, as sqlmap's first request sends it; returns its status. */
async function baselineStatus(scan: Scan) {
  const body = scan.data
  const headers: Record<string, string> = { ...scan.headers }
  if (body !== undefined && !headers['Content-Type']) {
    headers['Content-Type'] = body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'
  }
  if (scan.cookie) headers.Cookie = scan.cookie
  if (scan.form) headers['X-Forwarded-For'] = randomIp()
  const response = await fetch(scan.url.replaceAll('*', ''), { method: body === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual' })
  await response.arrayBuffer()
  return response.status
}

async function scanTarget(scan: Scan, workDir: string, app?: AppProcess): Promise<CheckResult> {
  const baseline = await baselineStatus(scan)
  if (baseline !== scan.baseline) {
    return { check: scan.check, passed: false, figures: `baseline request answered ${baseline}, expected ${scan.baseline}; not scanned` }
  }
  const logStart = app?.log().length ?? 0
  const started = Date.now()
  const outcome = await runSqlmap(scan, workDir)
  const seconds = Math.round((Date.now() - started) / 1000)
  const appErrors = (app?.log().slice(logStart) ?? '').split('\n').filter((line) => line.includes('"level":"error"'))
  const tested = `tested ${outcome.tested.join(', ') || 'nothing'}`
  const traffic = `${outcome.requests} requests in ${seconds} s (${statusList(outcome.statuses)})`
  const problems: string[] = []
  if (outcome.timedOut) problems.push(`sqlmap did not finish within ${scanTimeoutMs / 1000} s`)
  const missing = scan.params.filter((name) => !outcome.tested.includes(name))
  if (missing.length) problems.push(`not tested: ${missing.join(', ')}`)

  if (scan.control) {
    if (!outcome.found) problems.push('sqlmap did not find the injection')
    const result = outcome.found ? `found injectable (${outcome.techniques.join('; ') || 'technique not shown'})` : 'not found'
    return { check: scan.check, passed: problems.length === 0, figures: [traffic, tested, result, ...problems].join('; ') }
  }

  if (outcome.found) problems.push('sqlmap reports an injection')
  else if (!outcome.notFound) problems.push('sqlmap did not complete the scan')
  const extra = outcome.tested.filter((name) => !scan.params.includes(name))
  if (extra.length) problems.push(`also tested: ${extra.join(', ')}`)
  const serverErrors = count(outcome.statuses, (code) => code >= 500)
  if (serverErrors) problems.push(`${serverErrors} answers 5xx`)
  const refused = count(outcome.statuses, (code) => code === 401 || code === 403 || code === 429)
  if (refused) problems.push(`${refused} answers 401/403/429: the scan was refused`)
  if (outcome.noResponse) problems.push(`${outcome.noResponse} requests without an answer`)
  if (appErrors.length) {
    problems.push(`${appErrors.length} errors logged by the app`)
    console.error(`${scan.check}: errors logged by the app:\n${appErrors.slice(0, 5).join('\n')}`)
  }
  if (app && !(await fetch(`${app.base}/healthz`).then((r) => r.ok, () => false))) problems.push('the app is not healthy afterwards')
  if (problems.length) console.error(`${scan.check}: see ${workDir} for sqlmap's log and traffic`)
  const result = outcome.found ? 'INJECTABLE' : outcome.notFound ? 'not injectable' : 'no verdict'
  return {
    check: scan.check,
    passed: problems.length === 0,
    figures: [`baseline ${baseline}`, traffic, tested, result, ...problems].join('; '),
  }
}

/**
 * The positive control: an HTTP endpoint that pastes `name` into SQL, as a form field (POST /form), inside JSON in
 * a GET parameter (GET /json?input={"name":...}) and in a JSON body (POST /json). 200 with the rows, 400 for input
 * it cannot read, 500 when PostgreSQL refuses the query.
 */
async function startControl(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
  await pool.query('CREATE TABLE item (id serial PRIMARY KEY, name text NOT NULL)')
  await pool.query(`INSERT INTO item (name) VALUES ('alpha'), ('beta'), ('gamma')`)
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://control')
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      let name: unknown
      try {
        if (url.pathname === '/form') name = new URLSearchParams(body).get('name')
        else if (url.pathname === '/json' && req.method === 'GET') name = (JSON.parse(url.searchParams.get('input') ?? '') as { name?: unknown }).name
        else if (url.pathname === '/json') name = (JSON.parse(body) as { name?: unknown }).name
      } catch {
        return reply(400, { error: 'unreadable input' })
      }
      if (typeof name !== 'string') return reply(400, { error: 'name is required' })
      try {
        // Deliberately injectable: the value is pasted into the SQL text.
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
const jsonInUrl = (base: string, value: Record<string, string>) => `${base}?input=${JSON.stringify(value)}`

function controlScans(base: string): Scan[] {
  return [
    {
      check: 'positive control: form POST',
      url: `${base}/form`,
      data: form({ name: 'alpha', email: 'control@example.com' }),
      form: { salt: ['email'] },
      params: ['name'],
      baseline: 200,
      control: true,
    },
    {
      check: 'positive control: JSON in a GET parameter',
      url: jsonInUrl(`${base}/json`, { name: 'alpha*' }),
      params: ['#1*'],
      baseline: 200,
      control: true,
    },
    {
      check: 'positive control: JSON body',
      url: `${base}/json`,
      data: JSON.stringify({ name: 'alpha' }),
      params: ['JSON name'],
      baseline: 200,
      control: true,
    },
  ]
}

/** Starts the app and prepares what each target needs to get past its checks: session, SCIM token, ids, NDA, tokens. */
async function appScans(app: AppProcess, databaseUrl: string): Promise<Scan[]> {
  const base = app.base
  const cookie = await signIn(base)
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    // SCIM is an Enterprise feature, and provisions only addresses at a verified domain.
    const { rows: orgs } = await db.query<{ id: string }>(`SELECT id FROM "Organization" WHERE name = 'Acme Talent (demo)'`)
    const orgId = orgs[0]!.id
    await db.query(`UPDATE "Organization" SET plan = 'ENTERPRISE' WHERE id = $1`, [orgId])
    await db.query(
      `INSERT INTO "VerifiedDomain" (id, "orgId", domain, "verificationToken", "verifiedAt") VALUES ($1, $2, 'sqlmap.test', 'sqlmap', now())`,
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
    const candidate = await callProcedure<{ id: string }>(base, cookie, 'candidate.create', { name: 'Ann Example', location: 'Leeds', jobId: job.id })

    // The documents form checks the NDA fingerprint the page shows before any deeper code runs.
    const documentsPage = await (await fetch(`${base}/trust/documents`)).text()
    const ndaSha256 = /name="ndaSha256" value="([0-9a-f]{64})"/.exec(documentsPage)?.[1]
    const documentId = /name="documentId"[^>]*value="([^"]+)"/.exec(documentsPage)?.[1]
    if (!ndaSha256 || !documentId) throw new Error('the documents page shows no NDA fingerprint or no document')

    // A pending confirmation token, from the confirmation email the subscription form queues (local mail transport).
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

    const trpc = `${base}/api/trpc`
    const json = { 'Content-Type': 'application/json' }
    return [
      {
        check: 'trust: POST /trust/subprocessors (subscribe)',
        url: `${base}/trust/subprocessors`,
        data: form({ email: 'notices@example.com' }),
        form: { salt: ['email'] },
        params: ['email'],
        baseline: 200,
      },
      {
        check: 'trust: POST /trust/documents (document request)',
        url: `${base}/trust/documents`,
        data: form({ documentId, name: 'Ann Example', company: 'Example Ltd', email: 'ann@example.com', ndaAccepted: 'on', ndaSha256 }),
        form: { salt: ['email'] },
        params: ['documentId', 'name', 'company', 'email', 'ndaAccepted', 'ndaSha256'],
        baseline: 200,
      },
      {
        // A pending token: the page looks it up and shows the address (200), without using it up.
        check: 'trust: GET /trust/subscription/confirm?token=',
        url: `${base}/trust/subscription/confirm?token=${confirmToken}`,
        form: { salt: [] },
        testParameter: 'token',
        params: ['token'],
        baseline: 200,
      },
      {
        // Unsubscribing uses a token up, so no token can answer 200 twice: a well-formed unknown one runs the
        // lookup and gets the page's 404 "invalid link" (a token too short for the schema is refused before it).
        check: 'trust: POST /trust/subscription/unsubscribe (token)',
        url: `${base}/trust/subscription/unsubscribe`,
        data: form({ token: crypto.randomBytes(32).toString('base64url') }),
        form: { salt: [] },
        testParameter: 'token',
        params: ['token'],
        baseline: 404,
      },
      {
        check: 'API: GET tRPC audit.list (q, actor, target)',
        url: jsonInUrl(`${trpc}/audit.list`, { q: 'candidate*', actor: 'owner@demo.hireproof.test*', target: `${candidate.id}*` }),
        cookie,
        params: ['#1*', '#2*', '#3*'],
        baseline: 200,
      },
      {
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
        headers: json,
        cookie,
        params: ['JSON name', 'JSON email', 'JSON phone', 'JSON location', 'JSON country', 'JSON expectedCompensation', 'JSON jobId'],
        baseline: 200,
      },
      {
        check: 'API: GET /scim/v2/Users (filter, startIndex, count)',
        url: `${base}/scim/v2/Users?filter=userName eq "owner@demo.hireproof.test*"&startIndex=1*&count=10*`,
        headers: { Authorization: `Bearer ${scimToken}` },
        params: ['#1*', '#2*', '#3*'],
        baseline: 200,
      },
      {
        // Created users must be unique (userName, externalId): both are salted per request, so each create is new (201).
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
        headers: { Authorization: `Bearer ${scimToken}`, 'Content-Type': 'application/scim+json' },
        salt: ['userName', 'externalId'],
        params: ['JSON #1*', 'JSON userName', 'JSON givenName', 'JSON familyName', 'JSON displayName', 'JSON externalId', 'JSON active'],
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
  const selected = (scans: Scan[]) => scans.filter((scan) => !only || scan.check.includes(only))
  const checks: CheckResult[] = []
  const report = async (scan: Scan, app?: AppProcess) => {
    console.log(`scanning ${scan.check}`)
    checks.push(await scanTarget(scan, workDir, app))
  }
  console.log(`sqlmap level ${level}, risk ${risk}; logs and traffic in ${workDir}`)

  const control = await startControl(await freshDatabase(controlDatabase))
  try {
    for (const scan of selected(controlScans(control.base))) await report(scan)
  } finally {
    await control.stop()
  }

  const databaseUrl = await freshDatabase(appDatabase)
  // One trusted proxy hop: the client address is the last X-Forwarded-For entry, which the scan randomizes.
  const app = await startAppProcess({ port: appPort, databaseUrl, env: { TRUST_PROXY_HOPS: '1' } })
  try {
    for (const scan of selected(await appScans(app, databaseUrl))) await report(scan, app)
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
