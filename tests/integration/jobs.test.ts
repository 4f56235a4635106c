import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { unique } from '../factories'
import { ClaimLostError, claimNextJob, commitJob, enqueueJob, JobError, recordJobFailure, retryDelayMs, retryFailedJob } from '../../server/jobs/queue'
import { runNextJob, startWorker, type JobHandlers } from '../../server/jobs/worker'
import { createLogger } from '../../server/logger'

/**
 * The durable job queue on the real database: claims are exclusive, a job
 * whose worker died is taken over once its lease runs out, the taken-over
 * worker cannot write a second result, failures back off and give up.
 */
const db = await useTestDatabase()
const logger = createLogger(process.env.JOB_TEST_LOG ? 'debug' : 'silent')

/** Results written by test handlers: the "exactly one result" the queue promises is counted here. */
async function resultCount(key: string) {
  const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "AuditChainHead" WHERE "orgId" = $1`, key)
  return Number(rows[0]!.n)
}
/** A stand-in result row: one AuditChainHead row per key, a table with a primary key on orgId. */
const writeResult = (key: string) => (tx: Parameters<Parameters<typeof db.prisma.$transaction>[0]>[0]) =>
  tx.$executeRaw`INSERT INTO "AuditChainHead" ("orgId", "seq", "hash", "updatedAt") VALUES (${key}, 0, 'x', now())`

/** Claims of other tests' jobs would interfere: each test drains the queue first. */
async function drain() {
  await db.prisma.backgroundJob.deleteMany({})
}

describe('job queue', () => {
  it('enqueues once per key, whatever the number of requests', async () => {
    await drain()
    const key = unique('once')
    const [a, b] = await Promise.all([
      enqueueJob(db.prisma, { kind: 'test', key, payload: { n: 1 } }),
      enqueueJob(db.prisma, { kind: 'test', key, payload: { n: 2 } }),
    ])
    expect(a.id).toBe(b.id)
    expect(await db.prisma.backgroundJob.count({ where: { key } })).toBe(1)
  })

  it('gives a job to one worker at a time', async () => {
    await drain()
    await enqueueJob(db.prisma, { kind: 'test', key: unique('single'), payload: {} })
    const claims = await Promise.all([
      claimNextJob(db, { workerId: 'w1', leaseMs: 60_000 }),
      claimNextJob(db, { workerId: 'w2', leaseMs: 60_000 }),
      claimNextJob(db, { workerId: 'w3', leaseMs: 60_000 }),
    ])
    expect(claims.filter(Boolean)).toHaveLength(1)
  })

  it('takes over a job whose worker stopped, and the first worker can no longer write its result', async () => {
    await drain()
    const key = unique('takeover')
    await enqueueJob(db.prisma, { kind: 'test', key, payload: {} })
    const first = await claimNextJob(db, { workerId: 'crashed', leaseMs: 1_000 })
    expect(first).not.toBeNull()
    // Within the lease nobody else gets it.
    expect(await claimNextJob(db, { workerId: 'second', leaseMs: 1_000 })).toBeNull()
    // After it ("the process restarted"), the job is claimed again, as attempt 2.
    const second = await claimNextJob(db, { workerId: 'second', leaseMs: 60_000, now: new Date(Date.now() + 5_000) })
    expect(second).toMatchObject({ id: first!.id, attempts: 2 })
    await commitJob(db, second!, writeResult(key))
    await expect(commitJob(db, first!, writeResult(key))).rejects.toBeInstanceOf(ClaimLostError)
    expect(await resultCount(key)).toBe(1)
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: 'SUCCEEDED', progress: 100 })
  })

  it('retries a retryable failure later with backoff, fails a permanent one at once, and gives up after maxAttempts', async () => {
    await drain()
    const retryKey = unique('retry')
    await enqueueJob(db.prisma, { kind: 'test', key: retryKey, payload: {}, maxAttempts: 2 })
    const attempt1 = await claimNextJob(db, { workerId: 'w', leaseMs: 60_000 })
    const before = Date.now()
    expect(await recordJobFailure(db, attempt1!, new JobError('provider busy', true))).toEqual({ retry: true })
    const queued = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: retryKey } })
    expect(queued).toMatchObject({ status: 'QUEUED', lastError: 'provider busy' })
    expect(queued.runAt.getTime()).toBeGreaterThanOrEqual(before + 3_900)
    expect(await claimNextJob(db, { workerId: 'w', leaseMs: 60_000 })).toBeNull()
    const attempt2 = await claimNextJob(db, { workerId: 'w', leaseMs: 60_000, now: new Date(Date.now() + 60_000) })
    expect(await recordJobFailure(db, attempt2!, new Error('still busy'))).toEqual({ retry: false })
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: retryKey } })).toMatchObject({ status: 'FAILED', attempts: 2 })

    const permanentKey = unique('permanent')
    await enqueueJob(db.prisma, { kind: 'test', key: permanentKey, payload: {} })
    const job = await claimNextJob(db, { workerId: 'w', leaseMs: 60_000 })
    expect(await recordJobFailure(db, job!, new JobError('unreadable audio', false))).toEqual({ retry: false })
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: permanentKey } })).toMatchObject({ status: 'FAILED', attempts: 1 })

    // A person may start it again.
    expect(await retryFailedJob(db.prisma, permanentKey)).toBe(true)
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: permanentKey } })).toMatchObject({ status: 'QUEUED', attempts: 0 })
    expect(await retryFailedJob(db.prisma, permanentKey)).toBe(false)
  })

  it('backs off exponentially with jitter, capped at ten minutes', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(5_000)
    expect(retryDelayMs(2, () => 0.5)).toBe(10_000)
    expect(retryDelayMs(4, () => 0.5)).toBe(40_000)
    expect(retryDelayMs(30, () => 0.5)).toBe(600_000)
    expect(retryDelayMs(1, () => 0)).toBe(4_000)
    expect(retryDelayMs(1, () => 1)).toBe(6_000)
  })

  it('runs handlers: progress is visible while running, the result commits with completion, a crash loop ends in failure', async () => {
    await drain()
    const key = unique('run')
    const seen: number[] = []
    const handlers: JobHandlers = {
      test: async ({ progress, commit, job }) => {
        await progress(40, 'Halfway')
        const row = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })
        seen.push(row.progress)
        await commit(writeResult(key))
      },
    }
    await enqueueJob(db.prisma, { kind: 'test', key, payload: {} })
    const ran = await runNextJob({ db, handlers, logger })
    expect(ran?.outcome).toBe('succeeded')
    expect(seen).toEqual([40])
    expect(await resultCount(key)).toBe(1)
    expect(await runNextJob({ db, handlers, logger })).toBeNull()

    // A job whose every attempt died mid-way (lease expired each time) is abandoned, not retried forever.
    const doomed = unique('doomed')
    await enqueueJob(db.prisma, { kind: 'test', key: doomed, payload: {}, maxAttempts: 1 })
    await claimNextJob(db, { workerId: 'dies', leaseMs: 1 })
    await new Promise((r) => setTimeout(r, 20))
    expect((await runNextJob({ db, handlers, logger }))?.outcome).toBe('failed')
    const failed = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: doomed } })
    expect(failed.status).toBe('FAILED')
    expect(failed.lastError).toMatch(/did not finish/)
    expect(await resultCount(doomed)).toBe(0)
  })

  it('a running worker picks up new jobs at once and stops cleanly', async () => {
    await drain()
    const done: string[] = []
    const worker = startWorker({
      db,
      logger,
      pollMs: 60_000,
      handlers: { test: async ({ job }) => void done.push(job.key) },
    })
    const key = unique('wake')
    await enqueueJob(db.prisma, { kind: 'test', key, payload: {} })
    const deadline = Date.now() + 5_000
    while (!done.includes(key) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    await worker.stop()
    expect(done).toEqual([key])
  })

  it('abandons an attempt past its deadline, and shows members only our own error messages', async () => {
    await drain()
    const key = unique('slow')
    await enqueueJob(db.prisma, { kind: 'test', key, payload: {} })
    const hang: JobHandlers = { test: () => new Promise(() => undefined) }
    expect((await runNextJob({ db, handlers: hang, logger, deadlineMs: 50 }))?.outcome).toBe('retry')
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: 'QUEUED', lastError: expect.stringMatching(/took longer/) })

    const secret = unique('leaky')
    await enqueueJob(db.prisma, { kind: 'test', key: secret, payload: {}, runAt: new Date(Date.now() - 1000) })
    await db.prisma.backgroundJob.update({ where: { key }, data: { runAt: new Date(Date.now() + 60_000) } })
    const leaky: JobHandlers = { test: async () => Promise.reject(new Error('ENOENT: /srv/secret/path/blob')) }
    await runNextJob({ db, handlers: leaky, logger })
    const failed = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: secret } })
    expect(failed.lastError).not.toContain('/srv/secret')
    expect(failed.lastError).toMatch(/unexpected error/)
  })

  it('a worker that stops puts its running job back without spending an attempt', async () => {
    await drain()
    const key = unique('restart')
    await enqueueJob(db.prisma, { kind: 'test', key, payload: {} })
    let started!: () => void
    const running = new Promise<void>((resolve) => (started = resolve))
    const worker = startWorker({
      db,
      logger,
      handlers: {
        test: ({ signal }) =>
          new Promise((_, reject) => {
            started()
            signal.addEventListener('abort', () => reject(signal.reason))
          }),
      },
    })
    await running
    await worker.stop()
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: 'QUEUED', attempts: 0, lockedBy: null })
  })
})
