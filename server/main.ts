import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { EnvError, getEnv, type Env } from './env'
import type { Database } from './db/database'
import { createDailyCheckpoints } from './audit/checkpoint'
import { getAuditSigningKey } from './audit/signing-key'
import { createHealthRecorder } from './services/status/uptime'
import { sendSubprocessorNotices } from './services/trust/subscriptions'
import { loadSubprocessorRegistry } from './services/trust/subprocessor-registry'
import { announcedChanges } from '../trust/announcements'
import { openDatabase } from './db/database'
import { setDatabase } from './db'
import { migrate } from './db/migrate'
import { createHttpApp } from './http/app'
import { logger } from './logger'
import { selectAuthProvider } from './auth/provider'
import { seedDemo, demoCredentialsText } from '../prisma/seed'
import { purgeExpiredIdentityRecords } from './services/housekeeping/identity-records'
import { startWorker } from './jobs/worker'
import { createJobHandlers } from './jobs/handlers'
import { getBlobStore } from './storage'
import { transcriptionEngines } from './services/interviews/transcription-job'
import { scheduleDailyRetention } from './services/retention/rules'
import { scheduleDraftExpiry } from './services/video-interviews/draft-expiry'
import { resumeOrganizationDeletions } from './services/org-deletion/schedule'
import { requeueStalledAccountDeletions } from './services/accounts/account-deletion'
import { purgeExpiredAnalyticsEvents, shutdownAnalytics } from './providers/analytics'

/** Server entry: validate config, migrate, seed the demo tenant if asked, serve, shut down cleanly. */
async function main() {
  let env
  try {
    env = getEnv()
    selectAuthProvider(env)
  } catch (error) {
    if (error instanceof EnvError || error instanceof Error) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }

  const db = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: env.DATABASE_POOL_SIZE })
  setDatabase(db)
  const applied = await migrate(db)
  if (applied.length) logger.info('migrations applied', { applied })

  const shouldSeed = env.SEED_DEMO === 'always' || (env.SEED_DEMO === 'auto' && env.devTools)
  if (shouldSeed) {
    const { created } = await seedDemo(db)
    if (created) logger.info('demo organization seeded')
  }

  startCheckpointTimer(db, env)
  startHealthRecorder(db)
  startSubprocessorNotices(db, env)
  startIdentityHousekeeping(db)
  const worker = await startJobWorker(db, env)
  startRetentionSchedule(db)
  startOrganizationDeletionSweep(db)
  startAccountDeletionSweep(db)
  startAnalyticsHousekeeping(db)

  const buildPath = path.resolve(process.env.REMIX_BUILD_PATH ?? 'build/index.js')
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild
  let stopping = false
  const app = createHttpApp({ env, db, build, logger, isStopping: () => stopping })
  const server = app.listen(env.PORT, env.HOST, () => {
    const providers = { database: db.kind, auth: env.authProvider, analytics: env.analytics.kind }
    logger.info('listening', { url: env.appUrl, port: env.PORT, ...providers })
    if (shouldSeed) console.log(demoCredentialsText(env.appUrl))
  })
  server.keepAliveTimeout = 65_000
  // A 2 GB recording on a slow link takes longer than Node's 5-minute request limit; an idle connection is still cut after 2 minutes.
  server.requestTimeout = 0
  server.timeout = 120_000

  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    const force = setTimeout(() => {
      logger.warn('forcing exit after 10 s of draining')
      process.exit(1)
    }, 10_000)
    force.unref()
    server.close(async () => {
      // Running jobs are asked to stop; one cut off is claimed again when its lease runs out.
      await worker?.stop()
      // Queued product events go out (PostHog) or are written (local log) while the database is still open.
      await shutdownAnalytics(3_000)
      await db.close().catch((error: unknown) => logger.error('database close failed', { error }))
      logger.info('stopped')
      process.exit(0)
    })
    // Keep-alive sockets that finish their request after this point are idle too.
    server.closeIdleConnections()
    setInterval(() => server.closeIdleConnections(), 250).unref()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

/**
 * Signs the day's audit checkpoints at start and then hourly. Every process
 * may run this: a unique key per organization and day makes it idempotent,
 * so there is no single scheduler to lose.
 */
function startCheckpointTimer(db: Database, env: Env) {
  const key = getAuditSigningKey(env)
  if (!key) {
    logger.warn('AUDIT_SIGNING_KEY not set: audit checkpoints are not signed')
    return
  }
  const run = () =>
    createDailyCheckpoints(db, key)
      .then((written) => written && logger.info('audit checkpoints signed', { written, keyId: key.keyId }))
      .catch((error: unknown) => logger.error('audit checkpoint run failed', { error }))
  void run()
  setInterval(run, 3600_000).unref()
}

/**
 * Emails sub-processor change announcements to confirmed subscribers, at start
 * and hourly, from every process: receipts make each notice go out once.
 */
function startSubprocessorNotices(db: Database, env: Env) {
  const run = () =>
    loadSubprocessorRegistry(db)
      .then((registry) => sendSubprocessorNotices(db, announcedChanges(registry), env.appUrl))
      .then((sent) => sent && logger.info('sub-processor notices sent', { sent }))
      .catch((error: unknown) => logger.error('sub-processor notices failed', { error }))
  void run()
  setInterval(run, 3600_000).unref()
}

/** Deletes expired sign-in records (server/services/housekeeping), at start and hourly. */
function startIdentityHousekeeping(db: Database) {
  const run = () =>
    purgeExpiredIdentityRecords(db)
      .then((purged) => Object.values(purged).some(Boolean) && logger.info('expired sign-in records deleted', purged))
      .catch((error: unknown) => logger.error('sign-in housekeeping failed', { error }))
  void run()
  setInterval(run, 3600_000).unref()
}

/**
 * Runs background jobs (transcription, analysis) in this process, unless
 * JOB_WORKERS=0. Says at start which transcription engines are available.
 */
async function startJobWorker(db: Database, env: Env) {
  const engines = await transcriptionEngines(env)
  logger.info('transcription engines', Object.fromEntries(engines.map((e) => [e.id, e.available ? 'available' : e.reason])))
  if (env.JOB_WORKERS === 0) return null
  return startWorker({
    db,
    logger,
    handlers: createJobHandlers({ env, blobs: getBlobStore(env) }),
    concurrency: env.JOB_WORKERS,
    leaseMs: env.JOB_LEASE_SECONDS * 1000,
  })
}

/**
 * Queues the day's retention run of every organization with rules, and the day's expiry of draft video answers, at
 * start and hourly (one job per organization and day, one expiry job per day).
 */
function startRetentionSchedule(db: Database) {
  const run = () =>
    Promise.all([scheduleDailyRetention(db), scheduleDraftExpiry(db)]).catch((error: unknown) => logger.error('retention scheduling failed', { error }))
  void run()
  setInterval(run, 3600_000).unref()
}

/** Queues again, at start and hourly, account deletions asked over an hour ago whose job did not finish (30-day promise). */
function startAccountDeletionSweep(db: Database) {
  const run = () =>
    requeueStalledAccountDeletions(db)
      .then((requeued) => requeued && logger.warn('account deletions queued again', { requeued }))
      .catch((error: unknown) => logger.error('account deletion sweep failed', { error }))
  void run()
  setInterval(run, 3600_000).unref()
}

/**
 * At start and hourly: every scheduled organization deletion has its job, and one that gave up is queued again
 * (the 30-day promise). Idempotent by the job's key, so every process may run it.
 */
function startOrganizationDeletionSweep(db: Database) {
  const run = () => resumeOrganizationDeletions(db).catch((error: unknown) => logger.error('organization deletion sweep failed', { error }))
  void run()
  setInterval(run, 3600_000).unref()
}

/** Records the service's own health once a minute (the status page's uptime). */
function startHealthRecorder(db: Database) {
  const recorder = createHealthRecorder(db, async () => {
    await Promise.race([
      db.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 5_000)),
    ])
  })
  void recorder.check()
  setInterval(() => void recorder.check(), 60_000).unref()
}

/** Deletes local product-analytics events past their 24 months (the privacy policy), at start and hourly. */
function startAnalyticsHousekeeping(db: Database) {
  const run = () =>
    purgeExpiredAnalyticsEvents(db)
      .then((deleted) => deleted && logger.info('expired analytics events deleted', { deleted }))
      .catch((error: unknown) => logger.error('analytics housekeeping failed', { error }))
  void run()
  setInterval(run, 3600_000).unref()
}

main().catch((error: unknown) => {
  logger.error('fatal start-up error', { error })
  process.exit(1)
})
