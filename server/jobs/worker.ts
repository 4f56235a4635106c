import crypto from 'node:crypto'
import os from 'node:os'
import type { Prisma } from '@prisma/client'
import type { Database } from '../db'
import type { Logger } from '../logger'
import {
  ClaimLostError,
  claimNextJob,
  commitJob,
  giveUpJob,
  onJobEnqueued,
  JobError,
  recordJobFailure,
  releaseJob,
  reportJobProgress,
  type ClaimedJob,
} from './queue'

/** What a handler gets: its job, a signal that fires when the claim is lost or the worker stops, and the two ways to write. */
export type JobContext = {
  job: ClaimedJob
  db: Database
  signal: AbortSignal
  /** Shows progress (0–100, a short note) and extends the lease. */
  progress(percent: number, note: string): Promise<void>
  /** Writes the result and completes the job atomically (see commitJob). */
  commit<T>(write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T>
}

export type JobHandler = (context: JobContext) => Promise<void>
export type JobHandlers = Record<string, JobHandler>

export type WorkerOptions = {
  db: Database
  handlers: JobHandlers
  logger: Logger
  workerId?: string
  /** How long a claim holds without a heartbeat; a crashed worker's job is retried after this. */
  leaseMs?: number
  /** The longest one attempt may run; then it is abandoned (and retried if attempts remain). */
  deadlineMs?: number
  pollMs?: number
  concurrency?: number
}

const defaultWorkerId = () => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`

/**
 * Claims and runs one job. Returns null when there was nothing to do.
 * Exported for tests and for `startWorker`'s loop.
 */
export async function runNextJob(options: WorkerOptions & { stopSignal?: AbortSignal }) {
  const { db, handlers, logger } = options
  const leaseMs = options.leaseMs ?? 60_000
  const job = await claimNextJob(db, { workerId: options.workerId ?? defaultWorkerId(), leaseMs })
  if (!job) return null
  const started = Date.now()
  if (job.attempts > job.maxAttempts) {
    await giveUpJob(db, job, `Stopped after ${job.maxAttempts} attempts; the last one did not finish (the server may have restarted).`)
    logger.warn('job abandoned', { jobId: job.id, kind: job.kind, attempts: job.attempts })
    return { job, outcome: 'failed' as const }
  }
  const handler = handlers[job.kind]
  if (!handler) {
    await recordJobFailure(db, job, new Error(`No handler for jobs of kind ${job.kind}`))
    return { job, outcome: 'retry' as const }
  }

  const controller = new AbortController()
  const onStop = () => controller.abort(new Error('The worker is stopping'))
  options.stopSignal?.addEventListener('abort', onStop, { once: true })
  const keepClaim = async (progress?: { percent: number; note: string }) => {
    const held = await reportJobProgress(db, job, leaseMs, progress)
    if (!held) controller.abort(new ClaimLostError())
  }
  const heartbeat = setInterval(() => void keepClaim().catch(() => undefined), Math.max(50, Math.floor(leaseMs / 3)))
  const deadlineMs = options.deadlineMs ?? 3_600_000
  let deadlineTimer: NodeJS.Timeout | undefined
  // A handler that ignores its signal (a synchronous parser, a hung call) is left behind at the deadline: the
  // heartbeat stops, and its late commit fails because the claim is gone.
  const deadline = new Promise<never>((_, reject) => {
    deadlineTimer = setTimeout(() => {
      const error = new JobError(`The job took longer than ${Math.round(deadlineMs / 60_000)} minutes and was stopped.`, true)
      controller.abort(error)
      reject(error)
    }, deadlineMs)
  })
  let committed = false
  try {
    await Promise.race([deadline, handler({
      job,
      db,
      signal: controller.signal,
      progress: (percent, note) => keepClaim({ percent, note }),
      commit: async (write) => {
        const result = await commitJob(db, job, write)
        committed = true
        return result
      },
    })])
    if (!committed) await commitJob(db, job, async () => undefined)
    logger.info('job done', { jobId: job.id, kind: job.kind, attempt: job.attempts, ms: Date.now() - started })
    return { job, outcome: 'succeeded' as const }
  } catch (error) {
    if (error instanceof ClaimLostError || controller.signal.reason instanceof ClaimLostError) {
      logger.warn('job claim lost', { jobId: job.id, kind: job.kind })
      return { job, outcome: 'lost' as const }
    }
    if (options.stopSignal?.aborted) {
      await releaseJob(db, job)
      logger.info('job released for another worker', { jobId: job.id, kind: job.kind })
      return { job, outcome: 'released' as const }
    }
    const { retry } = await recordJobFailure(db, job, error)
    logger[retry ? 'warn' : 'error']('job failed', { jobId: job.id, kind: job.kind, attempt: job.attempts, retry, error })
    return { job, outcome: retry ? ('retry' as const) : ('failed' as const) }
  } finally {
    clearInterval(heartbeat)
    clearTimeout(deadlineTimer)
    options.stopSignal?.removeEventListener('abort', onStop)
  }
}

/**
 * Runs `concurrency` loops that claim jobs until `stop()`. Each loop polls
 * every `pollMs` when idle and wakes at once when this process enqueues a job.
 * `stop()` stops claiming, asks running jobs to stop, and waits for them;
 * a job cut off by a hard exit is claimed again when its lease runs out.
 */
export function startWorker(options: WorkerOptions) {
  const pollMs = options.pollMs ?? 1_000
  const workerId = options.workerId ?? defaultWorkerId()
  const stopController = new AbortController()
  const wakers = new Set<() => void>()
  const unsubscribe = onJobEnqueued(() => wakers.forEach((wake) => wake()))

  const idle = () =>
    new Promise<void>((resolve) => {
      if (stopController.signal.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        wakers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, pollMs)
      wakers.add(done)
    })

  const loop = async () => {
    while (!stopController.signal.aborted) {
      try {
        const ran = await runNextJob({ ...options, workerId, stopSignal: stopController.signal })
        if (!ran) await idle()
      } catch (error) {
        options.logger.error('job worker error', { error })
        await idle()
      }
    }
  }
  const loops = Array.from({ length: options.concurrency ?? 1 }, loop)

  return {
    workerId,
    async stop() {
      stopController.abort()
      unsubscribe()
      wakers.forEach((wake) => wake())
      await Promise.allSettled(loops)
    },
  }
}
