// Cost of authentication + permission resolution per request.
// Same work (return the permission catalog) through two procedures, each
// call building a fresh request context as a real request does:
//   baseline: a public procedure, no cookie, no authorization;
//   baseline+query: the same, plus one trivial database round trip
//             (what any real procedure pays), to separate I/O from authorization;
//   gated:    role.permissionCatalog, signed in: session lookup, membership +
//             role + overrides, (role ∪ grants) − denies, permission check.
// Reports calls/s for both and the ratio gated/baseline.
// Database: PostgreSQL when TEST_DATABASE_URL is set, else in-memory PGlite.
import { openDatabase, type Database } from '../../server/db/database'
import { migrate } from '../../server/db/migrate'
import { createBenchDatabase } from './support/bench-db'
import { createCallerFactory, router } from '../../server/trpc/init'
import { publicProcedure } from '../../server/trpc/procedures'
import { appRouter } from '../../server/trpc/router'
import { createContext } from '../../server/trpc/context'
import { createOrgWithOwner, requestWithSession, testEnv, testMeta } from '../factories'
import { createSession } from '../../server/auth/session'
import { permissionCatalogProcedure } from '../../server/trpc/routers/role/permission-catalog'
import { figure, recordSummary } from './support/summary'

// The shared bench helper for PostgreSQL; in-memory PGlite without a URL.
async function open(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) return createBenchDatabase('hireproof_bench_authz')
  const db = await openDatabase({ pgliteDir: 'memory://' })
  await migrate(db)
  return { db, drop: () => db.close() }
}

async function measure(label: string, call: () => Promise<unknown>, seconds: number) {
  for (let i = 0; i < 200; i++) await call() // warm-up
  let calls = 0
  const started = performance.now()
  while (performance.now() - started < seconds * 1000) {
    await call()
    calls++
  }
  const elapsed = (performance.now() - started) / 1000
  return { label, calls, perSecond: calls / elapsed, microsPerCall: (elapsed / calls) * 1e6 }
}

const { db, drop } = await open()
try {
  const { org, owner } = await createOrgWithOwner(db)
  // A few overrides so resolution does real work.
  const membership = await db.prisma.membership.findFirstOrThrow({ where: { orgId: org.id, userId: owner.id } })
  await db.prisma.permissionOverride.createMany({
    data: ['audit.export', 'billing.manage', 'sso.manage'].map((permission) => ({
      orgId: org.id,
      membershipId: membership.id,
      permission,
      effect: 'DENY' as const,
      createdById: owner.id,
    })),
  })
  const { token } = await createSession(db.prisma, { userId: owner.id, activeOrgId: org.id, meta: testMeta() })

  const catalogResolver = (permissionCatalogProcedure._def as unknown as { resolver: never }).resolver
  const baselineRouter = router({
    catalog: publicProcedure.query(catalogResolver),
    catalogAfterQuery: publicProcedure.query(async (opts) => {
      await opts.ctx.db.query('SELECT 1')
      return (catalogResolver as (o: unknown) => unknown)(opts)
    }),
  })
  const baselineCaller = createCallerFactory(baselineRouter)
  const gatedCaller = createCallerFactory(appRouter)
  const meta = testMeta()
  const baseline = () =>
    baselineCaller(() => createContext({ db, env: testEnv, request: requestWithSession(), meta })).catalog()
  const baselineQuery = () =>
    baselineCaller(() => createContext({ db, env: testEnv, request: requestWithSession(), meta })).catalogAfterQuery()
  const gated = () =>
    gatedCaller(() => createContext({ db, env: testEnv, request: requestWithSession(token), meta })).role.permissionCatalog()

  const seconds = Number(process.env.BENCH_SECONDS ?? 5)
  // Interleave rounds so drift in machine load hits both sides alike.
  const rounds = { baseline: [] as number[], baselineQuery: [] as number[], gated: [] as number[] }
  for (let round = 0; round < 3; round++) {
    rounds.baseline.push((await measure('baseline', baseline, seconds / 3)).perSecond)
    rounds.baselineQuery.push((await measure('baseline+query', baselineQuery, seconds / 3)).perSecond)
    rounds.gated.push((await measure('gated', gated, seconds / 3)).perSecond)
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const b = median(rounds.baseline)
  const q = median(rounds.baselineQuery)
  const g = median(rounds.gated)
  console.log(`database: ${db.kind}`)
  console.log('| procedure | calls/s | µs/call |')
  console.log('|---|---:|---:|')
  console.log(`| baseline: public, no authorization | ${b.toFixed(0)} | ${(1e6 / b).toFixed(0)} |`)
  console.log(`| baseline + one query (SELECT 1) | ${q.toFixed(0)} | ${(1e6 / q).toFixed(0)} |`)
  console.log(`| gated: session + permission resolution | ${g.toFixed(0)} | ${(1e6 / g).toFixed(0)} |`)
  console.log(`ratio gated/baseline: ${(g / b).toFixed(2)}x; gated/baseline+query: ${(g / q).toFixed(2)}x`)
  recordSummary(
    {
      measure: `gated (session + permission resolution) vs public procedure, ${db.kind} (calls/s)`,
      baseline: `${figure(b)}/s`,
      result: `${figure(g)}/s`,
      ratio: g / b,
    },
    {
      measure: `gated vs public procedure + one SELECT 1, ${db.kind} (calls/s)`,
      baseline: `${figure(q)}/s`,
      result: `${figure(g)}/s`,
      ratio: g / q,
    },
  )
  console.log(`authorization costs ${(1e6 / g - 1e6 / b).toFixed(0)} µs per request, ${(1e6 / g - 1e6 / q).toFixed(0)} µs more than one plain query`)
} finally {
  await drop()
}
