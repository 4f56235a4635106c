import crypto from 'node:crypto'
import type { Prisma } from '@prisma/client'
import type { Database } from '../db'
import type { DbClient } from '../db/types'

/**
 * The durable job queue, in the database so that it needs nothing else and
 * survives restarts:
 *
 * - `enqueueJob` is idempotent by key (one job per `transcribe:<recordingId>`)
 *   and takes the caller's transaction, so a job exists exactly when the
 *   change that asked for it commits.
 * - A worker claims a job with a lease (`FOR UPDATE SKIP LOCKED`, so workers
 *   in several processes never take the same job). A job whose lease ran out,
 *   because its process died or hung, is claimed again.
 * - A job's result is written in the same transaction that marks it done,
 *   and only if the claim still holds (`commitJob`): a job that was taken over
 *   cannot write a second result.
 * - Failures are retried with exponential backoff up to `maxAttempts`;
 *   a permanent failure (bad input) fails at once.
 */
export type ClaimedJob = {
  id: string
  kind: string
  key: string
  orgId: string | null
  payload: Prisma.JsonValue
  attempts: number
  maxAttempts: number
  /** Identifies this claim; every later write checks it still holds. */
  claim: string
}

export class JobError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message)
  }
}

export class ClaimLostError extends Error {
  constructor() {
    super('The job was taken over by another worker')
  }
}

type Listener = () => void
const listeners = new Set<Listener>()
/** Wakes this process's idle workers; others find the job at their next poll. */
export function onJobEnqueued(listener: Listener) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
export function announceJobs() {
  for (const listener of listeners) listener()
}

export async function enqueueJob(
  db: DbClient,
  job: { kind: string; key: string; orgId?: string | null; payload: Prisma.InputJsonValue; maxAttempts?: number; runAt?: Date },
) {
  await db.backgroundJob.createMany({
    data: [{ kind: job.kind, key: job.key, orgId: job.orgId ?? null, payload: job.payload, maxAttempts: job.maxAttempts ?? 5, runAt: job.runAt }],
    skipDuplicates: true,
  })
  // Callers inside a transaction announce after commit; outside one, now is after commit.
  queueMicrotask(announceJobs)
  return db.backgroundJob.findUniqueOrThrow({ where: { key: job.key } })
}

/** Prisma writes timestamps as UTC without a zone; raw SQL compares against the same form. */
const sqlTimestamp = (date: Date) => date.toISOString().replace('Z', '')

export async function claimNextJob(db: Database, options: { workerId: string; leaseMs: number; now?: Date }): Promise<ClaimedJob | null> {
  const now = options.now ?? new Date()
  const claim = `${options.workerId}:${crypto.randomBytes(6).toString('hex')}`
  const until = new Date(now.getTime() + options.leaseMs)
  const rows = await db.prisma.$queryRaw<Omit<ClaimedJob, 'claim'>[]>`
    UPDATE "BackgroundJob"
    SET "status" = 'RUNNING', "lockedBy" = ${claim}, "lockedUntil" = ${sqlTimestamp(until)}::timestamp(3),
        "attempts" = "attempts" + 1, "updatedAt" = ${sqlTimestamp(now)}::timestamp(3)
    WHERE "id" = (
      SELECT "id" FROM "BackgroundJob"
      WHERE ("status" = 'QUEUED' AND "runAt" <= ${sqlTimestamp(now)}::timestamp(3))
         OR ("status" = 'RUNNING' AND "lockedUntil" < ${sqlTimestamp(now)}::timestamp(3))
      ORDER BY "runAt", "createdAt"
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "kind", "key", "orgId", "payload", "attempts", "maxAttempts"`
  const row = rows[0]
  return row ? { ...row, attempts: Number(row.attempts), maxAttempts: Number(row.maxAttempts), claim } : null
}

const stillClaimed = (job: ClaimedJob) => ({ id: job.id, lockedBy: job.claim, status: 'RUNNING' as const })

/** Records progress (0–100) and extends the lease; false when the claim was lost. */
export async function reportJobProgress(db: Database, job: ClaimedJob, leaseMs: number, progress?: { percent: number; note: string }) {
  const { count } = await db.prisma.backgroundJob.updateMany({
    where: stillClaimed(job),
    data: {
      lockedUntil: new Date(Date.now() + leaseMs),
      ...(progress ? { progress: Math.max(0, Math.min(99, Math.round(progress.percent))), progressNote: progress.note.slice(0, 200) } : {}),
    },
  })
  return count === 1
}

/**
 * Writes the job's result and marks it done in one transaction, or neither:
 * throws ClaimLostError (and rolls back `write`) when the claim no longer holds.
 */
export async function commitJob<T>(db: Database, job: ClaimedJob, write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.backgroundJob.updateMany({
      where: stillClaimed(job),
      data: { status: 'SUCCEEDED', progress: 100, progressNote: 'Done', lockedBy: null, lockedUntil: null, lastError: null, finishedAt: new Date() },
    })
    if (count !== 1) throw new ClaimLostError()
    return write(tx)
  })
}

/**
 * Inside a handler's `commit`: queues the same job (same key) again for `runAt`, as new, instead of finishing it.
 * For work that waits for something outside it (organization deletion waiting for the customer's export).
 */
export async function requeueJob(tx: Prisma.TransactionClient, job: ClaimedJob, runAt: Date, note: string) {
  await tx.backgroundJob.update({
    where: { id: job.id },
    data: { status: 'QUEUED', runAt, attempts: 0, progress: 0, progressNote: note.slice(0, 200), lastError: null, finishedAt: null },
  })
}

/** Exponential backoff with jitter: about 5 s, 10 s, 20 s… capped at 10 minutes. */
export function retryDelayMs(attempt: number, random = Math.random) {
  const base = Math.min(600_000, 5_000 * 2 ** Math.max(0, attempt - 1))
  return Math.round(base * (0.8 + 0.4 * random()))
}

/** After a failed attempt: queued again later if it may be retried and attempts remain, failed otherwise. */
export async function recordJobFailure(db: Database, job: ClaimedJob, error: unknown, now = new Date()) {
  const retryable = !(error instanceof JobError) || error.retryable
  // Shown to the organization's members: only our own messages, never a stack's or a path's (those go to the log).
  const message = error instanceof JobError ? error.message.slice(0, 500) : 'An unexpected error occurred; the details are in the server log.'
  const retry = retryable && job.attempts < job.maxAttempts
  await db.prisma.backgroundJob.updateMany({
    where: stillClaimed(job),
    data: retry
      ? { status: 'QUEUED', runAt: new Date(now.getTime() + retryDelayMs(job.attempts)), lockedBy: null, lockedUntil: null, lastError: message }
      : { status: 'FAILED', lockedBy: null, lockedUntil: null, lastError: message, finishedAt: now },
  })
  return { retry }
}

/** Puts a claimed job back, as if not tried: its worker is stopping (a restart is not the job's failure). */
export async function releaseJob(db: Database, job: ClaimedJob) {
  await db.prisma.backgroundJob.updateMany({
    where: stillClaimed(job),
    data: { status: 'QUEUED', attempts: { decrement: 1 }, runAt: new Date(), lockedBy: null, lockedUntil: null },
  })
}

/** Marks a claimed job failed without running it (attempts used up by earlier crashes). */
export async function giveUpJob(db: Database, job: ClaimedJob, message: string) {
  await db.prisma.backgroundJob.updateMany({
    where: stillClaimed(job),
    data: { status: 'FAILED', lockedBy: null, lockedUntil: null, lastError: message, finishedAt: new Date() },
  })
}

/** Queues a failed job again from the start (a person asked to retry). False if it was not failed. */
export async function retryFailedJob(db: DbClient, key: string) {
  const { count } = await db.backgroundJob.updateMany({
    where: { key, status: 'FAILED' },
    data: { status: 'QUEUED', attempts: 0, runAt: new Date(), progress: 0, progressNote: '', lastError: null, finishedAt: null },
  })
  if (count) queueMicrotask(announceJobs)
  return count === 1
}
