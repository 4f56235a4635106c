// Fault: the process running a transcription job is killed with SIGKILL in the middle of it (no shutdown, no release
// of its claim). Once a new process starts, the job must be taken over when its lease runs out and complete exactly
// once: one transcript, one audit event, one analysis, the job done on its second attempt. A second case freezes the
// worker (SIGSTOP) instead, lets another process take the job over and finish it, then wakes the frozen one: its late
// result must be refused.
//
// Uses the machine's PostgreSQL (a fresh database) and a stand-in for AssemblyAI on 127.0.0.1, reached by the real
// SDK-facing code. Run: node --import tsx tests/reliability/worker-kill.ts
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freshDatabase, signIn, startAppProcess, type AppProcess } from '../support/app-process'
import { interviewWithRecording, waitFor } from './support/recruiting'
import { startFakeAssemblyAI, type FakeAssemblyAI } from '../support/speech-providers'
import { runPart, type CheckResult } from './report'
import { openDatabase, type Database } from '../../server/db/database'

const ports = [Number(process.env.FAULT_APP_PORT ?? 3331), Number(process.env.FAULT_APP_PORT ?? 3331) + 1]
const leaseSeconds = 5
const apiKey = 'aai-fault-test-key'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Setup = { env: Record<string, string>; databaseUrl: string; db: Database; fake: FakeAssemblyAI }

const transcriptionJob = (db: Database, interviewId: string) =>
  db.prisma.recording
    .findFirst({ where: { interviewId }, select: { id: true } })
    .then((recording) => (recording ? db.prisma.backgroundJob.findUnique({ where: { key: `transcribe:${recording.id}` } }) : null))

const submissions = (fake: FakeAssemblyAI) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/transcript').length
const polls = (fake: FakeAssemblyAI) => fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v2/transcript/')).length

async function outcome(db: Database, interviewId: string) {
  const [transcripts, completedEvents, analyses, analysisJobs, job] = await Promise.all([
    db.prisma.transcript.count({ where: { interviewId } }),
    db.prisma.auditEvent.count({ where: { action: 'transcription.completed', targets: { array_contains: [{ type: 'interview', id: interviewId }] } } }),
    db.prisma.analysis.count({ where: { interviewId } }),
    db.prisma.backgroundJob.findMany({ where: { kind: 'analyze-interview', payload: { path: ['interviewId'], equals: interviewId } } }),
    transcriptionJob(db, interviewId),
  ])
  return { transcripts, completedEvents, analyses, analysisJobs, job }
}

/** SIGKILL mid-job; a new process takes over after the lease. */
async function killedWorker(setup: Setup): Promise<CheckResult[]> {
  const { fake, db } = setup
  fake.pollsBeforeDone = Infinity
  let first: AppProcess | undefined = await startAppProcess({ port: ports[0]!, databaseUrl: setup.databaseUrl, env: setup.env })
  let second: AppProcess | undefined
  try {
    const { interviewId } = await interviewWithRecording(first.base, 'kill')
    const before = submissions(fake)
    await waitFor('the worker to be polling the provider', async () => polls(fake) >= 2 && submissions(fake) > before, 60_000)
    const running = await transcriptionJob(db, interviewId)
    await first.kill()
    const killedAt = Date.now()
    first = undefined
    fake.pollsBeforeDone = 1
    second = await startAppProcess({ port: ports[0]!, databaseUrl: setup.databaseUrl, env: setup.env })
    const done = await waitFor(
      'the job to finish in the new process',
      async () => {
        const result = await outcome(db, interviewId)
        return result.job?.status !== 'RUNNING' && result.job?.status !== 'QUEUED' && result.analysisJobs.every((j) => j.status === 'SUCCEEDED') && result.analysisJobs.length
          ? result
          : undefined
      },
      120_000,
    )
    const tookOverAfter = (Date.now() - killedAt) / 1000
    await sleep(3_000)
    const settled = await outcome(db, interviewId)
    const page = await fetch(`${second.base}/app/interviews/${interviewId}`, { headers: { cookie: await signIn(second.base) } })
    const html = await page.text()
    return [
      {
        check: 'Worker killed (SIGKILL) mid-transcription: the job completes after restart',
        passed: running?.status === 'RUNNING' && done.job?.status === 'SUCCEEDED' && done.job.attempts === 2,
        figures: `killed on attempt ${running?.attempts} while ${running?.progressNote || 'running'}; done on attempt ${done.job?.attempts} in the new process, ${tookOverAfter.toFixed(1)} s after the kill (lease ${leaseSeconds} s)`,
      },
      {
        check: 'Exactly once: one transcript, one audit event, one analysis',
        passed: settled.transcripts === 1 && settled.completedEvents === 1 && settled.analyses === 1 && settled.analysisJobs.length === 1,
        figures: `${settled.transcripts} transcript, ${settled.completedEvents} transcription.completed event, ${settled.analysisJobs.length} analysis job, ${settled.analyses} analysis; provider jobs submitted ${submissions(fake) - before}`,
      },
      {
        check: 'The recruiter sees the transcript after the takeover',
        passed: page.status === 200 && html.includes('copy of production'),
        figures: `interview page ${page.status}, transcript ${html.includes('copy of production') ? 'shown' : 'missing'}`,
      },
    ]
  } finally {
    await first?.kill()
    await second?.stop()
  }
}

/** SIGSTOP mid-job; another process takes it over and finishes; the frozen one wakes and must not write again. */
async function frozenWorker(setup: Setup): Promise<CheckResult[]> {
  const { fake, db } = setup
  fake.pollsBeforeDone = Infinity
  const frozen = await startAppProcess({ port: ports[0]!, databaseUrl: setup.databaseUrl, env: setup.env })
  let other: AppProcess | undefined
  try {
    const { interviewId } = await interviewWithRecording(frozen.base, 'freeze')
    const before = submissions(fake)
    await waitFor('the worker to be polling the provider', async () => polls(fake) >= 2 && submissions(fake) > before, 60_000)
    frozen.child.kill('SIGSTOP')
    fake.pollsBeforeDone = 1
    other = await startAppProcess({ port: ports[1]!, databaseUrl: setup.databaseUrl, env: setup.env })
    const done = await waitFor('the other process to finish the job', async () => {
      const job = await transcriptionJob(db, interviewId)
      return job?.status === 'SUCCEEDED' ? job : undefined
    }, 120_000)
    // The frozen process wakes with its provider job now complete too; its heartbeat finds the claim gone.
    frozen.child.kill('SIGCONT')
    await sleep(8_000)
    const settled = await outcome(db, interviewId)
    const log = frozen.log()
    return [
      {
        check: 'Worker frozen mid-job, taken over, then woken: its late result is refused',
        passed: done.attempts === 2 && settled.transcripts === 1 && settled.completedEvents === 1 && settled.job?.status === 'SUCCEEDED',
        figures: `done by the other process on attempt ${done.attempts}; after the frozen one woke: ${settled.transcripts} transcript, ${settled.completedEvents} transcription.completed event${/claim lost/.test(log) ? '; it logged "job claim lost"' : ''}`,
      },
    ]
  } finally {
    frozen.child.kill('SIGCONT')
    await frozen.kill()
    await other?.stop()
  }
}

runPart('Worker killed mid-job', async () => {
  const fake = await startFakeAssemblyAI({ apiKey, pollsBeforeDone: Infinity })
  const databaseUrl = await freshDatabase('hireproof_fault_worker')
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-fault-'))
  const env = {
    ASSEMBLYAI_API_KEY: apiKey,
    ASSEMBLYAI_BASE_URL: fake.url,
    JOB_LEASE_SECONDS: String(leaseSeconds),
    JOB_WORKERS: '1',
    STORAGE_DIR: storageDir,
    // Every process of one deployment shares the key that encrypts stored files.
    ENCRYPTION_KEYS: `fault:${crypto.randomBytes(32).toString('base64')}`,
    LOG_LEVEL: 'warn',
  }
  const db = await openDatabase({ url: databaseUrl, poolSize: 2 })
  try {
    const setup: Setup = { env, databaseUrl, db, fake }
    return [...(await killedWorker(setup)), ...(await frozenWorker(setup))]
  } finally {
    await db.close()
    await fake.close()
    fs.rmSync(storageDir, { recursive: true, force: true })
  }
})
