// Fault: PostgreSQL crashes under load and comes back. The app, never restarted, must serve again once the database
// is back; while it is away the app answers 503 with Retry-After (never a 500 or a hang); and every write it
// acknowledged is in the database afterwards, with the audit chain unbroken.
//
// Uses a PostgreSQL server of its own (tests/reliability/support/scratch-postgres.ts), crashed with
// `pg_ctl stop -m immediate`, so the restart includes crash recovery. Run: node --import tsx tests/reliability/postgres-restart.ts
import crypto from 'node:crypto'
import pg from 'pg'
import { callProcedure, signIn, startAppProcess } from '../support/app-process'
import { runPart, type CheckResult } from './report'
import { startScratchPostgres } from './support/scratch-postgres'
import { openDatabase } from '../../server/db/database'
import { verifyAuditChain } from '../../server/audit/verify'

const appPort = Number(process.env.FAULT_APP_PORT ?? 3330)
const pgPort = Number(process.env.FAULT_PG_PORT ?? 55432)
const writers = 20
const readers = 10
const beforeMs = 8_000
const downMs = 6_000
const afterMs = 12_000

type Outcome = { url: string; status: number; ms: number; at: number; retryAfter?: string; message?: string }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

runPart('PostgreSQL restart during load', async () => {
  const postgres = await startScratchPostgres(pgPort)
  try {
    const admin = new pg.Client({ connectionString: postgres.url })
    await admin.connect()
    await admin.query('CREATE DATABASE hireproof')
    await admin.end()
    const databaseUrl = postgres.url.replace(/\/postgres$/, '/hireproof')
    const app = await startAppProcess({ port: appPort, databaseUrl, env: { DATABASE_POOL_SIZE: '20', JOB_WORKERS: '1', LOG_LEVEL: 'warn' } })
    try {
      return await underLoad(app.base, databaseUrl, postgres, () => app.child.exitCode === null && app.child.signalCode === null)
    } finally {
      await app.stop()
    }
  } finally {
    await postgres.destroy()
  }
})

async function underLoad(base: string, databaseUrl: string, postgres: Awaited<ReturnType<typeof startScratchPostgres>>, alive: () => boolean) {
  const cookie = await signIn(base)
  const job = await callProcedure<{ id: string }>(base, cookie, 'job.create', {
    title: 'Fault test engineer',
    description: '',
    location: 'Leeds',
    region: 'EU',
    currency: 'EUR',
  })
  const runId = crypto.randomBytes(4).toString('hex')
  const acknowledged = new Set<string>()
  const writes: Outcome[] = []
  const reads: Outcome[] = []
  let stop = false
  let counter = 0

  const timed = async (request: () => Promise<Response>, into: Outcome[], onOk?: (body: unknown) => void) => {
    const started = Date.now()
    try {
      const response = await request()
      const body = (await response.json().catch(() => undefined)) as { result?: { data: unknown }; error?: { message?: string } } | undefined
      into.push({ url: response.url.replace(base, '').slice(0, 40), status: response.status, ms: Date.now() - started, at: started, retryAfter: response.headers.get('retry-after') ?? undefined, message: body?.error?.message })
      if (response.ok) onOk?.(body?.result?.data)
    } catch {
      // No answer at all (connection refused or reset): counted as status 0.
      into.push({ url: '', status: 0, ms: Date.now() - started, at: started })
    }
  }
  const writeLoop = async () => {
    while (!stop) {
      const name = `Fault ${runId} ${++counter}`
      await timed(
        () =>
          fetch(`${base}/api/trpc/candidate.create`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ name, location: 'Leeds', jobId: job.id }),
            signal: AbortSignal.timeout(30_000),
          }),
        writes,
        (data) => acknowledged.add((data as { id: string }).id),
      )
    }
  }
  const readLoop = async (i: number) => {
    while (!stop) {
      const url = [
        `${base}/api/trpc/candidate.list`,
        `${base}/api/trpc/audit.list?input=${encodeURIComponent('{"q":"candidate"}')}`,
        `${base}/app/jobs`,
      ][i % 3]!
      await timed(() => fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(30_000) }), reads)
      await sleep(20)
    }
  }

  const loops = [...Array.from({ length: writers }, writeLoop), ...Array.from({ length: readers }, (_, i) => readLoop(i))]
  await sleep(beforeMs)
  const crashedAt = Date.now()
  await postgres.crash()
  await sleep(downMs)
  await postgres.start()
  const backAt = Date.now()
  await sleep(afterMs)
  stop = true
  await Promise.all(loops)

  const all = [...writes, ...reads]
  const during = all.filter((o) => o.at >= crashedAt && o.at < backAt)
  const firstWriteOkAfter = writes.filter((o) => o.at >= backAt && o.status === 200).sort((a, b) => a.at - b.at)[0]
  const recoveryMs = firstWriteOkAfter ? firstWriteOkAfter.at + firstWriteOkAfter.ms - backAt : Infinity
  const lastSecond = all.filter((o) => o.at >= Date.now() - afterMs / 2)
  const failedAtEnd = lastSecond.filter((o) => o.status !== 200)
  const servedAtEnd = lastSecond.length > 0 && failedAtEnd.length === 0
  const status500 = all.filter((o) => o.status >= 500 && o.status !== 503)
  const noAnswer = all.filter((o) => o.status === 0)
  const unavailable = during.filter((o) => o.status === 503)
  const slowest = Math.max(...during.map((o) => o.ms), 0)

  const db = await openDatabase({ url: databaseUrl, poolSize: 2 })
  try {
    const stored = await db.prisma.candidate.findMany({ where: { name: { startsWith: `Fault ${runId} ` } }, select: { id: true, orgId: true } })
    const storedIds = new Set(stored.map((c) => c.id))
    const lost = [...acknowledged].filter((id) => !storedIds.has(id))
    const orgId = stored[0]?.orgId
    const chain = orgId ? await verifyAuditChain(db.prisma, orgId) : { ok: false as const, checked: 0, brokenAtSeq: 0, reason: 'no events written' }
    const checks: CheckResult[] = [
      {
        check: 'The app serves again after PostgreSQL returns, without restarting',
        passed: alive() && servedAtEnd && recoveryMs < 10_000,
        figures: `first acknowledged write ${(recoveryMs / 1000).toFixed(1)} s after the database accepted connections; ${alive() ? 'same process' : 'the process died'}; ${lastSecond.length - failedAtEnd.length} of ${lastSecond.length} requests of the last ${afterMs / 2000} s answered 200`,
      },
      {
        check: 'No acknowledged write lost',
        passed: lost.length === 0 && acknowledged.size > 0,
        figures: `${acknowledged.size} writes acknowledged, ${lost.length} missing; ${stored.length - acknowledged.size} more stored whose answer was an error (committed as the connection dropped)`,
      },
      {
        check: 'While the database is down: 503 with Retry-After, no 500, no hang',
        passed: status500.length === 0 && noAnswer.length === 0 && unavailable.length > 0 && unavailable.every((o) => o.retryAfter) && slowest < 15_000,
        figures: `${during.length} requests during the ${downMs / 1000} s outage: ${unavailable.length} × 503; other 5xx in the whole run ${status500.length}; unanswered ${noAnswer.length}; slowest ${(slowest / 1000).toFixed(1)} s`,
      },
      {
        check: 'Audit chain intact after crash recovery',
        passed: chain.ok,
        figures: chain.ok ? `${chain.checked} events verified, from the first to the head` : `broken at event ${chain.brokenAtSeq}: ${chain.reason}`,
      },
    ]
    console.log(`writes ${writes.length} (${writes.filter((o) => o.status === 200).length} ok), reads ${reads.length}`)
    console.log('statuses during the outage:', countBy(during.map((o) => o.status)), 'messages:', [...new Set(during.map((o) => o.message))].slice(0, 3))
    if (status500.length) console.log('500s by route:', countByText(status500.map((o) => `${o.url} ${o.at < crashedAt ? 'before' : o.at < backAt ? 'during' : 'after'}`)))
    if (failedAtEnd.length) console.log('failed at the end:', failedAtEnd.slice(0, 3))
    return checks
  } finally {
    await db.close()
  }
}

const countBy = (values: number[]) => values.reduce<Record<number, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {})
const countByText = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {})
