// Audit log benchmarks, on PostgreSQL (see support/bench-db.ts):
//  1. append throughput with the hash chain vs plain inserts into the same
//     table, same run, sequential and with 8 concurrent writers (goal ≥ 0.5×);
//  2. filtered query latency (p50/p95) on AUDIT_BENCH_EVENTS events (default
//     1,000,000) in one organization (goal p95 < 50 ms);
//  3. NDJSON export of those events, with the exporting process's peak RSS
//     (goal < 150 MB).
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import os from 'node:os'
import { appendAuditEvent, systemAuditContext } from '../../server/audit/append'
import { searchAuditEvents, type AuditFilters } from '../../server/audit/query'
import { auditActions } from '../../server/audit/catalog'
import { createBenchDatabase, percentile } from './support/bench-db'
import { figure, recordSummary } from './support/summary'

const totalEvents = Number(process.env.AUDIT_BENCH_EVENTS ?? 1_000_000)
const appendSeconds = Number(process.env.BENCH_SECONDS ?? 4)
const { db, url, drop } = await createBenchDatabase('hireproof_bench_audit')
const ctx = systemAuditContext('bench')

async function timed(seconds: number, writers: number, op: (i: number) => Promise<unknown>) {
  let count = 0
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) await op(count++)
    }),
  )
  return count / ((performance.now() - started) / 1000)
}

try {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; database: PostgreSQL`)

  // 1. Append throughput ------------------------------------------------------
  let plainSeq = 0
  const plainInsert = () =>
    db.prisma.$transaction((tx) => {
      const seq = ++plainSeq
      return tx.$executeRaw`
        INSERT INTO "AuditEvent" ("id", "orgId", "seq", "action", "actorType", "targets", "metadata", "occurredAt", "prevHash", "hash")
        VALUES (${crypto.randomUUID()}, 'plain-org', ${seq}, 'job.created', 'SYSTEM'::"AuditActorType", '[]'::jsonb,
                ${JSON.stringify({ i: seq })}::jsonb, now(), '', '')`
    })
  const chained = (orgId: string) => (i: number) =>
    db.prisma.$transaction((tx) => appendAuditEvent(tx, ctx, { orgId, action: 'job.created', metadata: { i } }))
  const rows: string[] = []
  // One organization's chain is serialised by design (its head row lock);
  // different organizations append in parallel. The last field: whether the ≥ 0.5× goal applies.
  const scenarios: [string, number, (writer: number) => string, boolean][] = [
    ['1 writer', 1, () => 'chain-one', true],
    ['8 writers, 8 organizations', 8, (w) => `chain-many-${w}`, true],
    ['8 writers, one organization', 8, () => 'chain-shared', false],
  ]
  for (const [label, writers, orgFor, hasGoal] of scenarios) {
    const plain: number[] = []
    const chain: number[] = []
    for (let round = 0; round < 3; round++) {
      plain.push(await timed(appendSeconds / 3, writers, plainInsert))
      let writer = 0
      const perWriter = Array.from({ length: writers }, () => chained(orgFor(writer++)))
      chain.push(await timed(appendSeconds / 3, writers, (i) => perWriter[i % writers]!(i)))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!
    rows.push(`| ${label} | ${median(plain).toFixed(0)} | ${median(chain).toFixed(0)} | ${(median(chain) / median(plain)).toFixed(2)}× |`)
    const ratio = median(chain) / median(plain)
    recordSummary({
      measure: `hash-chained append vs plain insert, ${label} (events/s)`,
      baseline: `${figure(median(plain))}/s`,
      result: `${figure(median(chain))}/s`,
      ratio,
      ...(hasGoal ? { limit: '≥ 0.5× (goal)', pass: ratio >= 0.5 } : {}),
    })
  }
  console.log('\nAppend throughput (events/s, each in its own transaction)')
  console.log('| writers | plain insert | hash-chained append | ratio |')
  console.log('|---|---:|---:|---:|')
  rows.forEach((r) => console.log(r))

  // 2. Filtered queries on a large log -----------------------------------------
  const orgId = 'bench-org'
  const loadStarted = performance.now()
  const batch = 100_000
  for (let offset = 0; offset < totalEvents; offset += batch) {
    await db.query(
      `INSERT INTO "AuditEvent" ("id", "orgId", "seq", "action", "actorType", "actorId", "actorEmail", "targets", "ip", "userAgent",
         "requestId", "metadata", "occurredAt", "prevHash", "hash")
       SELECT md5(g::text || 'id'), $1, g,
              ($2::text[])[1 + (g % array_length($2::text[], 1))],
              'USER'::"AuditActorType", 'user-' || (g % 50), 'user' || (g % 50) || '@bench.test',
              jsonb_build_array(jsonb_build_object('type', 'job', 'id', 'job-' || (g % 5000))),
              '203.0.113.' || (g % 250), 'bench', md5(g::text || 'req'),
              jsonb_build_object('after', jsonb_build_object('title', 'Role ' || (g % 997) || ' ' || md5(g::text))),
              now() - make_interval(secs => ($4 - g) * 30), md5(g::text || 'p') || md5(g::text || 'q'), md5(g::text || 'h') || md5(g::text || 'i')
       FROM generate_series($3::int, $3::int + $5::int - 1) AS g`,
      [orgId, auditActions, offset + 1, totalEvents, Math.min(batch, totalEvents - offset)],
    )
  }
  await db.query(`INSERT INTO "AuditChainHead" ("orgId", "seq", "hash") VALUES ($1, $2, 'bench')`, [orgId, totalEvents])
  await db.execScript('ANALYZE "AuditEvent"')
  console.log(`\nLoaded ${totalEvents.toLocaleString('en')} events into one organization in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`)

  const day = 24 * 3600_000
  const midLogAgo = (totalEvents / 2) * 30_000 // events are 30 s apart
  const queries: [string, AuditFilters, number?][] = [
    ['newest page, no filter', {}],
    ['action', { action: 'role.updated' }],
    ['action family', { action: 'member.*' }],
    ['actor email', { actor: 'user7@bench.test' }],
    ['target id', { target: 'job-4242' }],
    ['date range (one day, mid-log)', { from: new Date(Date.now() - midLogAgo), to: new Date(Date.now() - midLogAgo + day) }],
    ['free text, common word', { q: 'role' }],
    ['free text, rare words', { q: 'role 512' }],
    ['free text, one event', { q: 'e4da3b7f' }],
    // Event g has actor user-(g % 50) and action number g % (number of actions): event 3 has both of these.
    ['actor + action + text', { actor: 'user-3', action: auditActions[3]!, q: 'role' }],
    ['deep page (keyset)', {}, Math.floor(totalEvents / 2)],
  ]
  const all: number[] = []
  console.log('\nFiltered query latency, 50-row page (ms)')
  console.log('| query | rows | p50 | p95 |')
  console.log('|---|---:|---:|---:|')
  for (const [label, filters, before] of queries) {
    const times: number[] = []
    let found = 0
    for (let i = 0; i < 40; i++) {
      const started = performance.now()
      const page = await searchAuditEvents(db, orgId, filters, { limit: 50, before })
      const ms = performance.now() - started
      found = page.events.length
      if (i >= 5) times.push(ms) // first runs warm the cache
    }
    times.sort((a, b) => a - b)
    all.push(...times)
    console.log(`| ${label} | ${found} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`)
  }
  all.sort((a, b) => a - b)
  console.log(`all queries: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms (goal < 50 ms)`)
  recordSummary({
    measure: `filtered query, ${queries.length} kinds, 50-row page on ${totalEvents.toLocaleString('en')} events (p95 ms)`,
    result: `${figure(percentile(all, 95))} ms (p50 ${figure(percentile(all, 50))})`,
    limit: '< 50 ms (goal)',
    pass: percentile(all, 95) < 50,
  })

  // 3. Export with peak RSS ----------------------------------------------------
  const child = spawnSync('node', ['--import', 'tsx', 'tests/bench/support/audit-export-child.ts', url, orgId], { encoding: 'utf8' })
  if (child.status !== 0) throw new Error(`export child failed: ${child.stderr}`)
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
    events: number
    bytes: number
    seconds: number
    peakRssMb: number
    baselineRssMb: number
  }
  recordSummary({
    measure: `NDJSON export of ${result.events.toLocaleString('en')} events, peak RSS vs the process at start (MB)`,
    baseline: `${figure(result.baselineRssMb)} MB`,
    result: `${figure(result.peakRssMb)} MB`,
    ratio: result.peakRssMb / result.baselineRssMb,
    limit: '< 150 MB (goal)',
    pass: result.peakRssMb < 150,
  })
  console.log('\nNDJSON export')
  console.log(
    `${result.events.toLocaleString('en')} events, ${(result.bytes / 2 ** 20).toFixed(0)} MiB in ${result.seconds.toFixed(1)} s ` +
      `(${(result.events / result.seconds).toFixed(0)} events/s); peak RSS ${result.peakRssMb.toFixed(0)} MB ` +
      `(process at start: ${result.baselineRssMb.toFixed(0)} MB, growth ${(result.peakRssMb - result.baselineRssMb).toFixed(0)} MB; goal < 150 MB)`,
  )
} finally {
  await drop()
}
