// Fault: the providers (transcription, the language model, email) answer 500, then, in a second round, never answer
// (time out). Each job must be retried with exponential backoff (5 s · 2^(attempt−1) ±20 %, capped at 10 minutes),
// never before its time, until its last attempt; then it is failed and the failure is shown where people look: the
// interview page for transcription and analysis, the Email delivery page for email.
//
// The first two waits of every job are waited for real. Later ones are checked as scheduled (the job's runAt) and
// then brought forward, so that ten email attempts do not take half an hour.
//
// Stand-ins for AssemblyAI, OpenAI and Mailgun on 127.0.0.1, reached by the app's real clients; the machine's
// PostgreSQL (a fresh database). Run: node --import tsx tests/reliability/provider-faults.ts
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BackgroundJob } from '@prisma/client'
import { freshDatabase, signIn, startAppProcess } from '../support/app-process'
import { startFakeAssemblyAI } from '../support/speech-providers'
import { chatReplies, startOpenAiChat } from '../support/openai-chat'
import { startMailgunServer } from '../support/mailgun-server'
import { runPart, type CheckResult } from './report'
import { consentingInterview, interviewWithRecording } from './support/recruiting'
import { openDatabase, type Database } from '../../server/db/database'

const port = Number(process.env.FAULT_APP_PORT ?? 3333)
const realWaits = 2
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** A page's HTML as text to search: React's separators between adjacent text nodes removed, entities decoded. */
const unescapeHtml = (html: string) =>
  html.replaceAll('<!-- -->', '').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

type Attempt = { attempt: number; scheduledMs: number; expectedMs: number; real: boolean; early: boolean }
type Watched = { job: BackgroundJob; attempts: Attempt[]; sawRetryNotice: boolean }

const expectedDelayMs = (attempt: number) => Math.min(600_000, 5_000 * 2 ** (attempt - 1))

/**
 * Follows one job until it fails for good: after each failed attempt, the wait it was given (runAt − the failure's
 * time) is recorded, and whether the next attempt came before runAt. `onRetryWait` runs once, during the first wait.
 */
async function watchRetries(db: Database, find: () => Promise<BackgroundJob | null>, onRetryWait: () => Promise<boolean>) {
  const attempts: Attempt[] = []
  let sawRetryNotice = false
  const waiting: { for: { attempts: number; runAt: number } | null } = { for: null }
  const deadline = Date.now() + 240_000
  while (Date.now() < deadline) {
    const job = await find()
    if (job?.status === 'FAILED') return { job, attempts, sawRetryNotice } satisfies Watched
    if (job && waiting.for && job.attempts > waiting.for.attempts && Date.now() < waiting.for.runAt - 100) {
      attempts.at(-1)!.early = true
    }
    if (job?.status === 'QUEUED' && job.attempts > 0 && job.attempts !== waiting.for?.attempts) {
      const scheduledMs = job.runAt.getTime() - job.updatedAt.getTime()
      const real = job.attempts <= realWaits
      attempts.push({ attempt: job.attempts, scheduledMs, expectedMs: expectedDelayMs(job.attempts), real, early: false })
      waiting.for = { attempts: job.attempts, runAt: job.runAt.getTime() }
      if (job.attempts === 1) sawRetryNotice = await onRetryWait()
      if (!real) {
        await db.prisma.backgroundJob.updateMany({ where: { id: job.id, status: 'QUEUED' }, data: { runAt: new Date() } })
        waiting.for.runAt = Date.now()
      }
    }
    await sleep(100)
  }
  throw new Error('a job was still being retried after 4 minutes')
}

function verdict(provider: string, fault: string, watched: Watched, shown: { page: string; ok: boolean; text?: string }): CheckResult {
  const { job, attempts } = watched
  const inBounds = attempts.every((a) => a.scheduledMs >= a.expectedMs * 0.8 - 50 && a.scheduledMs <= a.expectedMs * 1.2 + 50)
  const early = attempts.filter((a) => a.early)
  const waits = attempts.map((a) => `${(a.scheduledMs / 1000).toFixed(1)}${a.real ? '' : '*'}`).join(', ')
  return {
    check: `${provider} ${fault}: retried with backoff, then shown as failed`,
    passed: job.attempts === job.maxAttempts && attempts.length === job.maxAttempts - 1 && inBounds && early.length === 0 && shown.ok && watched.sawRetryNotice,
    figures:
      `${job.attempts}/${job.maxAttempts} attempts; waits ${waits} s (* checked as scheduled, then brought forward)` +
      `${inBounds ? '' : ' OUT OF BOUNDS'}${early.length ? `; ${early.length} retried early` : ''}; ` +
      `${shown.page} ${shown.ok ? 'shows' : 'does NOT show'} “${shown.text ?? job.lastError}”${watched.sawRetryNotice ? '' : '; no retry notice while waiting'}`,
  }
}

runPart('Providers failing', async () => {
  const assembly = await startFakeAssemblyAI({ apiKey: 'aai-fault-key', pollsBeforeDone: 1 })
  const chat = await startOpenAiChat()
  const mailDomain = 'mg.hireproof.test'
  const mailgun = await startMailgunServer({ apiKey: 'key-fault0123456789abcdef0123456789', domain: mailDomain })
  const databaseUrl = await freshDatabase('hireproof_fault_providers')
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-fault-'))
  const app = await startAppProcess({
    port,
    databaseUrl,
    env: {
      STORAGE_DIR: storageDir,
      ENCRYPTION_KEYS: `fault:${crypto.randomBytes(32).toString('base64')}`,
      JOB_WORKERS: '3',
      ASSEMBLYAI_API_KEY: 'aai-fault-key',
      ASSEMBLYAI_BASE_URL: assembly.url,
      LLM_API_KEY: 'sk-fault-test',
      LLM_BASE_URL: chat.openAiBaseURL,
      PROVIDER_TIMEOUT_MS: '2000',
      MAILGUN_API_KEY: 'key-fault0123456789abcdef0123456789',
      MAILGUN_DOMAIN: mailDomain,
      MAILGUN_URL: mailgun.url,
      MAIL_FROM: `Hireproof <no-reply@${mailDomain}>`,
      MAIL_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'error',
    },
  })
  const db = await openDatabase({ url: databaseUrl, poolSize: 4 })
  try {
    const checks: CheckResult[] = []
    for (const fault of ['answers 500', 'times out'] as const) {
      const answer = fault === 'answers 500' ? 500 : 'hang'
      assembly.fail('submit', answer)
      chat.respond(fault === 'answers 500' ? chatReplies.serverError() : chatReplies.hang())
      mailgun.reset()
      mailgun.reply(...Array.from({ length: 40 }, () => answer as 500 | 'hang'))
      const label = fault === 'answers 500' ? 'status' : 'timeout'
      const cookie = await signIn(app.base)
      const page = (url: string) => fetch(`${app.base}${url}`, { headers: { cookie } }).then(async (r) => unescapeHtml(await r.text()))

      // Transcription: a recording whose provider job cannot be submitted.
      const transcribed = await interviewWithRecording(app.base, `transcription-${label}`)
      const transcriptionJob = () =>
        db.prisma.recording
          .findFirst({ where: { interviewId: transcribed.interviewId } })
          .then((r) => (r ? db.prisma.backgroundJob.findUnique({ where: { key: `transcribe:${r.id}` } }) : null))

      // Analysis: an imported transcript, analysed by the language model.
      const analysed = await consentingInterview(app.base, `analysis-${label}`)
      await analysed.call('interview.importTranscript', {
        interviewId: analysed.interviewId,
        format: 'text',
        content: 'Interviewer: Tell me about a migration you ran.\nCandidate: We tested every migration on a copy of production first.',
      })
      await analysed.call('interview.runAnalysis', { interviewId: analysed.interviewId, candidateSpeaker: 'Candidate' })
      const analysisJob = () =>
        db.prisma.backgroundJob.findFirst({ where: { kind: 'analyze-interview', key: { startsWith: `analyze:${analysed.interviewId}:` } } })

      // Email: an invitation to a new member.
      const roles = await analysed.call<{ id: string; key: string }[]>('role.list', undefined, true)
      const invitee = `invitee-${label}-${crypto.randomBytes(3).toString('hex')}@example.test`
      await analysed.call('invitation.create', { email: invitee, roleId: roles.find((r) => r.key === 'recruiter')!.id })
      const emailJob = () =>
        db.prisma.outboxEmail
          .findFirst({ where: { to: invitee } })
          .then((e) => (e ? db.prisma.backgroundJob.findUnique({ where: { key: `email:${e.id}` } }) : null))

      const retryNotice = (interviewId: string, label: string) => async () =>
        /Attempt 1 of \d+ failed \(.+\); trying again at/.test(await page(`/app/interviews/${interviewId}`)) || (console.log(`no retry notice for ${label}`), false)
      const [transcription, analysis, email] = await Promise.all([
        watchRetries(db, transcriptionJob, retryNotice(transcribed.interviewId, 'transcription')),
        watchRetries(db, analysisJob, retryNotice(analysed.interviewId, 'analysis')),
        watchRetries(db, emailJob, async () => (await page('/app/email-delivery')).includes(invitee)),
      ])

      const transcriptionPage = await page(`/app/interviews/${transcribed.interviewId}`)
      const analysisPage = await page(`/app/interviews/${analysed.interviewId}`)
      const deliveryPage = await page('/app/email-delivery')
      const emailRow = deliveryPage.slice(deliveryPage.indexOf(invitee), deliveryPage.indexOf(invitee) + 2_000)
      checks.push(
        verdict('Transcription (AssemblyAI)', fault, transcription, {
          page: 'the interview page',
          ok: transcriptionPage.includes('Transcription: <strong>Failed</strong>') && transcriptionPage.includes(transcription.job.lastError ?? '\u0000'),
        }),
        verdict('Analysis (language model)', fault, analysis, {
          page: 'the interview page',
          ok: analysisPage.includes('Analysis: <strong>Failed</strong>') && analysisPage.includes(analysis.job.lastError ?? '\u0000'),
        }),
        verdict('Email (Mailgun)', fault, email, {
          page: 'the Email delivery page',
          text: (email.job.lastError ?? '').replace('; will try again.', '.'),
          // Given up, the answer is shown without its promise to try again.
          ok:
            deliveryPage.includes(invitee) &&
            emailRow.includes('<strong>Failed</strong>') &&
            emailRow.includes((email.job.lastError ?? '\u0000').replace('; will try again.', '.')) &&
            !emailRow.includes('will try again'),
        }),
      )
    }
    return checks
  } finally {
    await app.stop()
    await db.close()
    await Promise.all([assembly.close(), chat.close(), mailgun.close()])
    fs.rmSync(storageDir, { recursive: true, force: true })
  }
})
