// SCIM provisioning at identity-provider scale, over real HTTP: the app from
// createHttpApp (real SCIM router, rate limit raised) provisions
// SCIM_BENCH_USERS users (default 10,000) the way Entra ID does, a lookup
// `GET /Users?filter=userName eq "…"` then `POST /Users` per user, with
// SCIM_BENCH_CONCURRENCY (default 8) requests in flight on keep-alive
// connections. Baseline, same run, same client, same request count and
// bodies: a bare Express app whose two routes each run one `SELECT 1` on the
// same database. Then pages through every user (count=100), runs one filter
// evaluated in memory, and checks the memberships and audit events.
// Database: in-memory PGlite, or PostgreSQL when BENCH_DATABASE_URL (or
// TEST_DATABASE_URL) is set (a throwaway database, see support/bench-db.ts).
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import express from 'express'
import { openDatabase, type Database } from '../../server/db/database'
import { migrate } from '../../server/db/migrate'
import { createHttpApp } from '../../server/http/app'
import { createLogger } from '../../server/logger'
import { enterpriseUserSchema, userSchema } from '../../server/scim/resources'
import { callerAs, createOrgWithOwner, testEnv } from '../factories'
import { createBenchDatabase, percentile } from './support/bench-db'
import { figure, recordSummary } from './support/summary'

const users = Number(process.env.SCIM_BENCH_USERS ?? 10_000)
const concurrency = Number(process.env.SCIM_BENCH_CONCURRENCY ?? 8)
const pageSize = 100
const startedAt = performance.now()

async function open(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) return createBenchDatabase('hireproof_bench_scim')
  const db = await openDatabase({ pgliteDir: 'memory://' })
  await migrate(db)
  return { db, drop: () => db.close() }
}

const listen = (app: express.Express) =>
  new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server))
  })
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const rssMb = () => process.memoryUsage().rss / 2 ** 20
const peakRssMb = () => process.resourceUsage().maxRSS / 1024

// What Entra ID sends for a new user; titles with an "x" (any case) feed the in-memory filter.
const titles = ['Engineer', 'Tax Advisor', 'Recruiter', 'UX Designer', 'Account Executive', 'Data Analyst', 'Nurse', 'Paralegal']
const departments = ['R&D', 'Finance', 'People', 'Design', 'Sales', 'Operations']
const userName = (i: number) => `user${String(i).padStart(6, '0')}@bench-scim.test`
const activeOf = (i: number) => i % 10 !== 0 // one in ten arrives disabled
function entraUser(i: number) {
  const given = `Given${i}`
  const family = `Family${i % 997}`
  return {
    schemas: [userSchema, enterpriseUserSchema],
    externalId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    userName: userName(i),
    active: activeOf(i),
    displayName: `${given} ${family}`,
    emails: [{ primary: true, type: 'work', value: userName(i) }],
    meta: { resourceType: 'User' },
    name: { formatted: `${given} ${family}`, familyName: family, givenName: given },
    title: titles[i % titles.length],
    [enterpriseUserSchema]: {
      department: departments[i % departments.length],
      employeeNumber: String(100_000 + i),
      costCenter: `CC-${i % 50}`,
    },
  }
}
const filter = 'title co "x" and active eq true'
let expectedFilterMatches = 0
for (let i = 0; i < users; i++) if (activeOf(i) && /x/i.test(titles[i % titles.length]!)) expectedFilterMatches++

type Kind = 'lookup' | 'create'
type Run = { seconds: number; latency: Record<Kind, number[]>; failures: string[]; done: number[] }

/** `users` lookup+create pairs through `concurrency` workers; each worker's requests are sequential, as an IdP's are. */
async function provision(base: string, headers: Record<string, string>): Promise<Run> {
  const latency: Record<Kind, number[]> = { lookup: [], create: [] }
  const failures: string[] = []
  const done: number[] = [] // ms since start at which each user was provisioned
  const call = async (kind: Kind, expected: number, url: string, init: RequestInit, check?: (body: any) => string | null) => {
    const started = performance.now()
    const response = await fetch(url, { ...init, headers })
    const text = await response.text()
    latency[kind].push(performance.now() - started)
    const problem = response.status !== expected ? `${response.status} ${text.slice(0, 200)}` : check?.(JSON.parse(text))
    if (problem) failures.push(`${init.method} ${url.slice(base.length, base.length + 80)}: ${problem}`)
  }
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < users; i = next++) {
        const lookup = `${base}/Users?filter=${encodeURIComponent(`userName eq "${userName(i)}"`)}`
        await call('lookup', 200, lookup, { method: 'GET' }, (b) => (b.totalResults === 0 ? null : `found ${b.totalResults}`))
        await call('create', 201, `${base}/Users`, { method: 'POST', body: JSON.stringify(entraUser(i)) })
        done.push(performance.now() - started)
      }
    }),
  )
  return { seconds: (performance.now() - started) / 1000, latency, failures, done }
}

/** The trivial app: same JSON parsing, one `SELECT 1` per request, SCIM-shaped answers. */
function baselineApp(db: Database) {
  const app = express()
  app.use(express.json({ type: ['application/scim+json', 'application/json'], limit: '1mb' }))
  app.get('/Users', async (_req, res) => {
    await db.query('SELECT 1')
    res.status(200).type('application/scim+json').send(JSON.stringify({ totalResults: 0, Resources: [] }))
  })
  app.post('/Users', async (req, res) => {
    await db.query('SELECT 1')
    const { userName } = req.body as { userName: string }
    res.status(201).type('application/scim+json').send(JSON.stringify({ id: 'x', userName }))
  })
  return app
}

/** Users/s over the first and the last tenth of the run: a falling rate means work grows with the organization. */
function tenths(done: number[]) {
  const k = Math.max(1, Math.floor(done.length / 10))
  return { first: (k * 1000) / done[k - 1]!, last: (k * 1000) / (done.at(-1)! - done[done.length - 1 - k]!) }
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1))
const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const sum = xs.reduce((a, b) => a + b, 0)
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: sum / Math.max(1, xs.length), sum }
}

const { db, drop } = await open()
const servers: Server[] = []
let failed = false
try {
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; database: ${db.kind}; ` +
      `${users.toLocaleString('en')} users, ${concurrency} concurrent requests`,
  )
  const { org, owner } = await createOrgWithOwner(db)
  await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE' } })
  // SCIM provisions only addresses at the organization's verified domains.
  await db.prisma.verifiedDomain.create({ data: { orgId: org.id, domain: 'bench-scim.test', verificationToken: 'bench', verifiedAt: new Date() } })
  const { caller } = await callerAs(db, owner.id, org.id)
  const { token } = await caller.scim.createToken({ name: 'Entra ID' })

  const app = createHttpApp({
    env: testEnv,
    db,
    logger: createLogger('warn'),
    build: async () => {
      throw new Error('the SCIM bench renders no pages')
    },
    scimRateLimit: { requestsPerSecond: 1_000_000, burst: 1_000_000 },
  })
  const scimServer = await listen(app)
  const plainServer = await listen(baselineApp(db))
  servers.push(scimServer, plainServer)
  const scimBase = `${urlOf(scimServer)}/scim/v2`
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'user-agent': 'scim-bench' }
  const rssAtStart = rssMb()

  // Warm-up: lookups only, so nothing is created.
  for (let i = 0; i < 200; i++) {
    const nobody = encodeURIComponent('userName eq "nobody@bench-scim.test"')
    await (await fetch(`${scimBase}/Users?filter=${nobody}`, { headers })).text()
  }

  // Baseline first, then SCIM: same client, bodies and request count.
  const baseline = await provision(urlOf(plainServer), headers)
  const scim = await provision(scimBase, headers)
  const peakAfterProvisioning = peakRssMb()

  // Paging through everyone (the owner too), 100 at a time.
  const pageMs: number[] = []
  const seen = new Set<string>()
  for (let startIndex = 1; ; startIndex += pageSize) {
    const started = performance.now()
    const response = await fetch(`${scimBase}/Users?startIndex=${startIndex}&count=${pageSize}`, { headers })
    const body = (await response.json()) as { totalResults: number; Resources: { id: string }[] }
    pageMs.push(performance.now() - started)
    if (response.status !== 200) throw new Error(`page at ${startIndex}: ${response.status}`)
    body.Resources.forEach((r) => seen.add(r.id))
    if (startIndex + pageSize > body.totalResults) break
  }

  // One filter the service evaluates in memory over all members; best of three.
  const filterMs: number[] = []
  let filterTotal = -1
  for (let round = 0; round < 3; round++) {
    const started = performance.now()
    const response = await fetch(`${scimBase}/Users?filter=${encodeURIComponent(filter)}`, { headers })
    const body = (await response.json()) as { totalResults: number }
    filterMs.push(performance.now() - started)
    filterTotal = response.status === 200 ? body.totalResults : -response.status
  }
  const peakAfterListing = peakRssMb()

  // Verification.
  const memberships = await db.prisma.membership.count({ where: { orgId: org.id, provisionedBy: 'scim' } })
  const events = await db.prisma.auditEvent.count({ where: { orgId: org.id, action: 'scim.user_created' } })
  const problems = [
    ...(memberships !== users ? [`${memberships} SCIM memberships, expected ${users}`] : []),
    ...(events !== users ? [`${events} scim.user_created events, expected ${users}`] : []),
    ...(seen.size !== users + 1 ? [`paging saw ${seen.size} distinct users, expected ${users + 1}`] : []),
    ...(filterTotal !== expectedFilterMatches ? [`filter matched ${filterTotal}, expected ${expectedFilterMatches}`] : []),
    ...(scim.failures.length ? [`${scim.failures.length} SCIM requests failed: ${scim.failures.slice(0, 3).join(' | ')}`] : []),
    ...(baseline.failures.length ? [`${baseline.failures.length} baseline requests failed: ${baseline.failures[0]}`] : []),
  ]

  const scimRate = users / scim.seconds
  const baseRate = users / baseline.seconds
  const ratio = (scimRate / baseRate).toFixed(3)
  const pages = stats(pageMs)
  const row = (label: string, run: Run, rate: number) => {
    const [l, c] = [stats(run.latency.lookup), stats(run.latency.create)]
    const t = tenths(run.done)
    const tenth = `${t.first.toFixed(0)} / ${t.last.toFixed(0)}`
    return `| ${label} | ${[rate.toFixed(0), tenth, run.seconds.toFixed(1), ms(l.p50), ms(l.p99), ms(c.p50), ms(c.p99)].join(' | ')} |`
  }
  console.log('\nProvisioning (one user = lookup + create; latency in ms)')
  console.log('| server | users/s | first / last tenth | total s | lookup p50 | lookup p99 | create p50 | create p99 |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
  console.log(row('SCIM app', scim, scimRate))
  console.log(row('baseline: SELECT 1 per request', baseline, baseRate))
  const extraMs = (1000 / scimRate - 1000 / baseRate).toFixed(1)
  console.log(`ratio SCIM/baseline: ${ratio}x (${extraMs} ms more per user, ${concurrency} in flight)`)
  console.log('\nListing')
  console.log(
    `${pageMs.length} pages of ${pageSize}: ${ms(pages.mean)} ms/page mean, p50 ${ms(pages.p50)}, p99 ${ms(pages.p99)}, ` +
      `first ${ms(pageMs[0]!)}, last ${ms(pageMs.at(-1)!)}; ${(pages.sum / 1000).toFixed(1)} s in all`,
  )
  console.log(`filter '${filter}' over ${users + 1} users: ${filterMs.map(ms).join(' / ')} ms, ${filterTotal} matches`)
  const inProcess = db.kind === 'pglite' ? ' (the PGlite database lives in this process)' : ''
  console.log(
    `\nRSS: ${rssAtStart.toFixed(0)} MB after setup; peak ${peakAfterProvisioning.toFixed(0)} MB after provisioning, ` +
      `${peakAfterListing.toFixed(0)} MB after listing${inProcess}`,
  )
  const clean = problems.length ? '' : ', no failed requests'
  console.log(`verified: ${memberships} SCIM memberships, ${events} scim.user_created events${clean}`)
  recordSummary(
    {
      measure: `SCIM provisioning (lookup + create) vs SELECT 1 per request, ${db.kind}, ${users} users (users/s)`,
      baseline: `${figure(baseRate)}/s`,
      result: `${figure(scimRate)}/s`,
      ratio: scimRate / baseRate,
    },
    {
      measure: 'memberships, audit events, paging and filter checked; failed requests',
      result: problems.length ? `${problems.length} problems` : 'all as expected',
      limit: 'no problem (required)',
      pass: problems.length === 0,
    },
  )
  for (const problem of problems) console.error(`FAILED: ${problem}`)
  failed = problems.length > 0
  console.log(
    `\nscim (${db.kind}): ${users.toLocaleString('en')} users in ${scim.seconds.toFixed(0)} s = ${scimRate.toFixed(0)} users/s, ` +
      `baseline ${baseRate.toFixed(0)}/s, ratio ${ratio}x; page ${ms(pages.mean)} ms, filter ${ms(Math.min(...filterMs))} ms; ` +
      `peak RSS ${peakAfterListing.toFixed(0)} MB; ${((performance.now() - startedAt) / 1000).toFixed(0)} s in all${failed ? '; FAILED' : ''}`,
  )
} catch (error) {
  console.error(`scim bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  failed = true
} finally {
  for (const server of servers) {
    server.closeAllConnections()
    server.close()
  }
  await drop()
}
process.exit(failed ? 1 : 0)
