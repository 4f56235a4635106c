// Mixed load against the production build on PostgreSQL: the trust center, the sign-in page, the candidate list, audit
// search, the SCIM user list and candidate creation (writes), all at once for LOAD_SECONDS (60) with LOAD_CONNECTIONS
// (100) connections shared between them. Reports requests/s and p50/p99 per route, and fails on any 5xx, any error
// or timeout, or a write that was acknowledged but is not in the database. A write still in flight when the run stops
// may be stored without its answer being counted: at most one per writing connection.
// Each route's throughput is also given as a ratio to the cached trust-center page measured in the same run.
//
// Needs a build (`npm run build`) and PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres); a database `hireproof_load` is created afresh.
// Run with `npm run bench -- load`.
import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import pg from 'pg'
import { assertBuilt, callProcedure, freshDatabase, signIn, startAppProcess, type AppProcess } from '../support/app-process'
import { figure, recordSummary } from './support/summary'

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
const seconds = Number(process.env.LOAD_SECONDS ?? 60)
const connections = Number(process.env.LOAD_CONNECTIONS ?? 100)
let app: AppProcess | undefined

async function main() {
  assertBuilt()
  const databaseUrl = await freshDatabase('hireproof_load')
  app = await startAppProcess({ port, databaseUrl, env: { DATABASE_POOL_SIZE: '20', JOB_WORKERS: '1' } })
  const base = app.base
  const cookie = await signIn(base)
  const trpc = (name: string, input: unknown) => callProcedure(base, cookie, name, input)
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  // SCIM is an Enterprise feature: the demo organization gets the plan, then a token.
  const { rows: orgs } = await db.query<{ id: string }>(`SELECT id FROM "Organization" WHERE name = 'Acme Talent (demo)'`)
  await db.query(`UPDATE "Organization" SET plan = 'ENTERPRISE' WHERE id = $1`, [orgs[0]!.id])
  const { token: scimToken } = (await trpc('scim.createToken', { name: 'Load' })) as { token: string }
  const job = (await trpc('job.create', { title: 'Load test engineer', description: '', location: 'Leeds', region: 'EU', currency: 'EUR' })) as { id: string }
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
  const stored = rows[0]!.n
  const writers = Math.max(1, Math.round(connections * routes.at(-1)!.share))
  console.log(`\nall routes: ${Math.round(total)} requests/s; writes acknowledged ${acknowledged}, rows found ${stored}`)
  if (stored < acknowledged) console.error(`${acknowledged - stored} acknowledged writes are missing`)
  if (stored > acknowledged + writers) console.error(`${stored - acknowledged} rows stored without an answer, more than the ${writers} in flight`)
  const writesOk = stored >= acknowledged && stored <= acknowledged + writers
  recordSummary(
    ...results.slice(1).map((r, i) => ({
      measure: `${routes[i + 1]!.name} vs GET /trust/faq under mixed load (requests/s)`,
      baseline: `${figure(baseline)}/s`,
      result: `${figure(r.requests.average)}/s`,
      ratio: r.requests.average / baseline,
    })),
    {
      measure: `5xx, errors and timeouts, all routes (${Math.round(total)} requests/s together)`,
      result: String(failures),
      limit: '= 0 (required)',
      pass: failures === 0,
    },
    {
      measure: 'candidate rows stored vs writes acknowledged',
      baseline: String(acknowledged),
      result: String(stored),
      ratio: acknowledged ? stored / acknowledged : undefined,
      limit: `acknowledged … acknowledged + ${writers} (required)`,
      pass: writesOk,
    },
  )
  if (stored < acknowledged || stored > acknowledged + writers) failures++
  if (failures) {
    console.error(`load bench failed: ${failures} 5xx responses, errors, timeouts or lost writes`)
    process.exit(1)
  }
}

main()
  .then(async () => {
    await app?.stop()
    process.exit(0)
  })
  .catch(async (error: unknown) => {
    console.error(error)
    await app?.kill()
    process.exit(1)
  })
