import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, callerAs, createMember, createOrgWithOwner, runQueuedJobs, testEnv } from '../factories'
import { streamOf } from '../factories/recruiting'
import { expectTRPCError } from './expect-error'
import { parseEnv } from '../../server/env'
import { encodeWav } from '../../server/transcription/wav'
import { noticeHash, noticeTemplate } from '../../server/services/consent/notices'
import { expireDraftAttempts } from '../../server/services/video-interviews/draft-expiry'
import { getBlobStore } from '../../server/storage'
import { startFakeOpenAI, whisperSegments, type FakeOpenAI } from '../support/speech-providers'
import { chatReplies, startOpenAiChat, type OpenAiChatServer } from '../support/openai-chat'

/**
 * One-way video interviews through the procedures, on the real database and
 * blob store: the recruiter invites with questions; the candidate, by the
 * link's token, reads the notice and agrees before anything is recorded,
 * records takes (kept as drafts), and submits one per question; the submitted
 * answers become one transcript (speech via the real `openai` SDK against a
 * local stand-in) and an analysis citing the candidate's lines; unsent takes
 * expire after the default period or an organization's rule.
 */
const db = await useTestDatabase()
let speech: FakeOpenAI
let chat: OpenAiChatServer
let env: typeof testEnv
beforeAll(async () => {
  speech = await startFakeOpenAI({ apiKey: 'sk-test-speech' })
  chat = await startOpenAiChat()
  env = parseEnv({
    NODE_ENV: 'test',
    APP_URL: testEnv.APP_URL,
    LOG_LEVEL: 'silent',
    STORAGE_DIR: testEnv.STORAGE_DIR,
    OPENAI_API_KEY: 'sk-test-speech',
    OPENAI_BASE_URL: speech.baseURL,
    PROVIDER_TIMEOUT_MS: '5000',
  })
})
afterAll(async () => {
  await speech.close()
  await chat.close()
})

const candidateSide = () => anonymousCaller(db).caller
const wav = (seed: string) => {
  const samples = Int16Array.from({ length: 4000 }, (_, i) => (i < seed.length ? seed.charCodeAt(i) : Math.round(Math.sin(i / 5) * 500)))
  return streamOf(encodeWav(samples, 16_000))
}
const questions = ['Tell us about a forecast you got wrong and what you changed.', 'How do you explain a model to people who will use it?']
const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1)!
const storedFile = (storageKey: string) => fs.stat(path.join(testEnv.STORAGE_DIR, storageKey)).then(() => true, () => false)

async function setup(options: { country?: string; email?: string | null; maxTakes?: number } = {}) {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id, env)
  const job = await caller.job.create({ title: 'Analyst', description: '', location: '', region: 'EU', currency: 'EUR' })
  await caller.job.setRubric({
    jobId: job.id,
    competencies: [
      { name: 'Forecasting', description: 'demand forecasting models', weight: 2 },
      { name: 'Communication', description: 'explaining results', weight: 1 },
    ],
  })
  const email = options.email === undefined ? `cand.${crypto.randomUUID().slice(0, 8)}@example.test` : (options.email ?? undefined)
  const { id: candidateId } = await caller.candidate.create({ name: 'Deniz Yılmaz', email, location: 'Leeds', country: options.country, jobId: job.id })
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId } })
  return { org, owner, caller, job, candidateId, applicationId: application.id }
}

async function invite(options: Parameters<typeof setup>[0] = {}) {
  const context = await setup(options)
  const created = await context.caller.videoInterview.create({
    applicationId: context.applicationId,
    title: 'Video interview',
    questions,
    answerSeconds: 120,
    maxTakes: options.maxTakes ?? 3,
    linkDays: 14,
  })
  return { ...context, created, token: tokenOf(created.url), interviewId: created.interviewId }
}

/** The candidate agrees on the video page to everything its notice asks. */
async function agree(token: string, language: 'en' | 'tr' = 'en', regime: 'gdpr' | 'kvkk' = 'gdpr') {
  const answers = regime === 'kvkk' ? { RECORDING: true, AI_ANALYSIS: true, TRANSFER_ABROAD: true } : { RECORDING: true, AI_ANALYSIS: true }
  await candidateSide().videoInterview.answerConsent({ token, language, version: noticeHash(noticeTemplate(regime, language)), answers })
}

describe('inviting', () => {
  it('creates the interview with its questions, emails the link once, keeps only its hash, and audits', async () => {
    const { created, token, interviewId, org, candidateId } = await invite()
    expect(created.emailed).toBe(true)
    const video = await db.prisma.videoInterview.findUniqueOrThrow({ where: { interviewId }, include: { questions: { orderBy: { position: 'asc' } } } })
    expect(video.tokenHash).toBe(crypto.createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(video)).not.toContain(token)
    expect(video.questions.map((q) => q.prompt)).toEqual(questions)
    expect(video.expiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * 86_400_000)
    const email = await db.prisma.outboxEmail.findFirstOrThrow({ where: { orgId: org.id, template: 'videoInterviewInvitation' } })
    expect(email.text).toContain(created.url)
    expect(email.text).toMatch(/2 questions, up to 2 minutes per answer/)
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'video_interview.created' } })
    expect(audit.metadata).toMatchObject({ questions: 2, answerSeconds: 120, maxTakes: 3, emailed: true })
    expect(JSON.stringify(audit)).not.toContain(token)
    // Consent is the candidate's to give: nothing is recorded for them by inviting.
    expect(await db.prisma.candidateConsent.count({ where: { candidateId } })).toBe(0)
  })

  it('refuses bad settings, another organization’s application and members without the permission, creating nothing', async () => {
    const { caller, applicationId, org } = await setup()
    const base = { applicationId, title: 'Video', questions, answerSeconds: 120, maxTakes: 3, linkDays: 14 }
    const bad = [
      { ...base, questions: [] },
      { ...base, questions: Array.from({ length: 11 }, (_, i) => `Question number ${i + 1}?`) },
      { ...base, questions: ['Why?'] },
      { ...base, answerSeconds: 5 },
      { ...base, maxTakes: 9 },
      { ...base, linkDays: 0 },
      { ...base, title: ' ' },
    ]
    for (const input of bad) await expectTRPCError(caller.videoInterview.create(input), 'BAD_REQUEST')
    const other = await setup()
    await expectTRPCError(caller.videoInterview.create({ ...base, applicationId: other.applicationId }), 'NOT_FOUND')
    const viewer = await createMember(db, org.id, 'viewer')
    const { caller: viewerCaller } = await callerAs(db, viewer.id, org.id, env)
    await expectTRPCError(viewerCaller.videoInterview.create(base), 'FORBIDDEN')
    expect(await db.prisma.videoInterview.count({ where: { orgId: { in: [org.id, other.org.id] } } })).toBe(0)
    expect(await db.prisma.interview.count({ where: { orgId: { in: [org.id, other.org.id] } } })).toBe(0)
  })

  it('drafts questions from the rubric, with the language model when configured, falling back when it fails', async () => {
    const { caller, applicationId, org, owner } = await setup()
    const local = await caller.videoInterview.draftQuestions({ applicationId })
    expect(local.source).toBe('rubric')
    expect(local.questions[0]).toMatch(/^Tell us about a time you showed Forecasting \(demand forecasting models\)/)
    expect(local.questions).toHaveLength(2)

    const llmEnv = parseEnv({
      NODE_ENV: 'test',
      APP_URL: testEnv.APP_URL,
      LOG_LEVEL: 'silent',
      STORAGE_DIR: testEnv.STORAGE_DIR,
      LLM_API_KEY: 'sk-llm',
      LLM_BASE_URL: chat.openAiBaseURL,
    })
    const { caller: withLlm } = await callerAs(db, owner.id, org.id, llmEnv)
    chat.respond(chatReplies.json({ questions: ['Walk us through a demand forecast you built from scratch.', 'Describe explaining a model to sales.'] }))
    const drafted = await withLlm.videoInterview.draftQuestions({ applicationId })
    expect(drafted).toMatchObject({ source: 'llm', questions: ['Walk us through a demand forecast you built from scratch.', 'Describe explaining a model to sales.'] })
    const prompt = chat.requests.at(-1)!.body.messages!.map((m) => m.content).join('\n')
    expect(prompt).toContain('Forecasting: demand forecasting models')
    expect(prompt).toMatch(/Never ask about age/)

    chat.respond(chatReplies.malformed())
    expect(await withLlm.videoInterview.draftQuestions({ applicationId })).toMatchObject({ source: 'rubric', note: expect.stringMatching(/could not draft/) })

    await caller.job.setRubric({ jobId: (await db.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).jobId, competencies: [] })
    await expectTRPCError(caller.videoInterview.draftQuestions({ applicationId }), 'UNPROCESSABLE_CONTENT')
  })
})

describe('the candidate’s link', () => {
  it('shows the notice first and records nothing before the candidate agrees to recording', async () => {
    const { token, interviewId } = await invite()
    const page = await candidateSide().videoInterview.candidatePage({ token })
    expect(page).toMatchObject({ state: 'open', jobTitle: 'Analyst', answerSeconds: 120, maxTakes: 3 })
    expect(page.consent.mayRecord).toBe(false)
    expect(page.consent.notice.language).toBe('en')
    const refused = await expectTRPCError(
      candidateSide().videoInterview.recordTake({ token, questionId: page.questions[0]!.id, body: wav('a') }),
      'UNPROCESSABLE_CONTENT',
    )
    expect(refused.message).toMatch(/only after you agree to the recording/)
    expect(await db.prisma.videoAnswerTake.count({ where: { videoInterview: { interviewId } } })).toBe(0)
    await expectTRPCError(candidateSide().videoInterview.candidatePage({ token: 'x'.repeat(43) }), 'NOT_FOUND')
  })

  it('under KVKK shows the Turkish notice with consent to processing abroad, and needs all of it to record', async () => {
    const { token, candidateId } = await invite({ country: 'TR' })
    const page = await candidateSide().videoInterview.candidatePage({ token })
    expect(page.consent.notice).toMatchObject({ language: 'tr', regime: 'kvkk' })
    expect(Object.keys(page.consent.answers).sort()).toEqual(['AI_ANALYSIS', 'RECORDING', 'TRANSFER_ABROAD'])
    await candidateSide().videoInterview.answerConsent({
      token,
      language: 'tr',
      version: noticeHash(noticeTemplate('kvkk', 'tr')),
      answers: { RECORDING: true, AI_ANALYSIS: true },
    })
    expect((await candidateSide().videoInterview.candidatePage({ token })).consent.mayRecord).toBe(false)
    await agree(token, 'tr', 'kvkk')
    expect((await candidateSide().videoInterview.candidatePage({ token })).consent.mayRecord).toBe(true)
    const rows = await db.prisma.candidateConsent.findMany({ where: { candidateId } })
    expect(rows.every((r) => r.source === 'CANDIDATE' && r.language === 'tr')).toBe(true)
    const stale = await expectTRPCError(
      candidateSide().videoInterview.answerConsent({ token, language: 'tr', version: '0'.repeat(64), answers: {} }),
      'CONFLICT',
    )
    expect(stale.message).toMatch(/notice has changed/)
  })

  it('keeps every take as a draft up to the limit, refuses what is not a recording, and plays back only the candidate’s own takes', async () => {
    const { token, interviewId, org } = await invite({ maxTakes: 2 })
    await agree(token)
    const { questions: [first, second] } = await candidateSide().videoInterview.candidatePage({ token })
    const take1 = await candidateSide().videoInterview.recordTake({ token, questionId: first!.id, durationMs: 4200, body: wav('one') })
    await candidateSide().videoInterview.recordTake({ token, questionId: first!.id, body: wav('two') })
    const third = await expectTRPCError(candidateSide().videoInterview.recordTake({ token, questionId: first!.id, body: wav('three') }), 'CONFLICT')
    expect(third.message).toMatch(/2 takes of this answer/)
    // A question of another candidate's interview is not one of this link's.
    const other = await invite()
    const { questions: otherQuestions } = await candidateSide().videoInterview.candidatePage({ token: other.token })
    await expectTRPCError(candidateSide().videoInterview.recordTake({ token, questionId: otherQuestions[0]!.id, body: wav('q') }), 'NOT_FOUND')
    await expectTRPCError(
      candidateSide().videoInterview.recordTake({ token, questionId: second!.id, body: streamOf(new TextEncoder().encode('not a recording at all')) }),
      'UNSUPPORTED_MEDIA_TYPE',
    )
    const takes = await db.prisma.videoAnswerTake.findMany({ where: { videoInterview: { interviewId } } })
    expect(takes).toHaveLength(2)
    expect(takes.every((t) => t.status === 'DRAFT' && t.contentType.startsWith('audio/'))).toBe(true)
    expect(takes.find((t) => t.id === take1.id)?.durationMs).toBe(4200)
    for (const take of takes) expect(await storedFile(take.storageKey)).toBe(true)
    const page = await candidateSide().videoInterview.candidatePage({ token })
    expect(page.questions[0]!.takes.map((t) => t.id)).toEqual(takes.sort((a, b) => +a.createdAt - +b.createdAt).map((t) => t.id))
    expect(await candidateSide().videoInterview.candidateTake({ token, takeId: take1.id })).toMatchObject({ id: take1.id })
    await expectTRPCError(candidateSide().videoInterview.candidateTake({ token: other.token, takeId: take1.id }), 'NOT_FOUND')
    const audit = await db.prisma.auditEvent.findMany({ where: { orgId: org.id, action: 'video_interview.answer_recorded' } })
    expect(audit).toHaveLength(2)
    expect(audit[0]).toMatchObject({ actorType: 'CANDIDATE', actorId: null, ip: '' })
  })
})

describe('submitting', () => {
  it('needs an answer to every question and a take of that question, changing nothing otherwise', async () => {
    const { token, interviewId } = await invite()
    await agree(token)
    const { questions: [first, second] } = await candidateSide().videoInterview.candidatePage({ token })
    const take = await candidateSide().videoInterview.recordTake({ token, questionId: first!.id, body: wav('x') })
    const missing = await expectTRPCError(candidateSide().videoInterview.submit({ token, choices: {} }), 'UNPROCESSABLE_CONTENT')
    expect((missing.cause as { fieldErrors?: Record<string, string> }).fieldErrors).toEqual({ [second!.id]: 'Record an answer to this question first.' })
    await candidateSide().videoInterview.recordTake({ token, questionId: second!.id, body: wav('y') })
    await expectTRPCError(candidateSide().videoInterview.submit({ token, choices: { [second!.id]: take.id } }), 'UNPROCESSABLE_CONTENT')
    await expectTRPCError(candidateSide().videoInterview.submit({ token, choices: { nope: take.id } }), 'BAD_REQUEST')
    const video = await db.prisma.videoInterview.findUniqueOrThrow({ where: { interviewId } })
    expect(video.status).toBe('INVITED')
    expect(await db.prisma.videoAnswerTake.count({ where: { videoInterviewId: video.id, status: 'SUBMITTED' } })).toBe(0)
  })

  it('submits the chosen takes, then transcribes them into one transcript and analyses the candidate’s lines', async () => {
    const { token, interviewId, caller, org } = await invite()
    await agree(token)
    const { questions: [first, second] } = await candidateSide().videoInterview.candidatePage({ token })
    const chosen = await candidateSide().videoInterview.recordTake({ token, questionId: first!.id, body: wav('first-1') })
    const retake = await candidateSide().videoInterview.recordTake({ token, questionId: first!.id, body: wav('first-2') })
    const answer2 = await candidateSide().videoInterview.recordTake({ token, questionId: second!.id, body: wav('second') })
    expect(await candidateSide().videoInterview.submit({ token, choices: { [first!.id]: chosen.id } })).toEqual({ submitted: true, answers: 2 })

    const takes = await db.prisma.videoAnswerTake.findMany({ where: { videoInterview: { interviewId } } })
    expect(Object.fromEntries(takes.map((t) => [t.id, t.status]))).toEqual({ [chosen.id]: 'SUBMITTED', [retake.id]: 'DRAFT', [answer2.id]: 'SUBMITTED' })
    // Closed: nothing more can be recorded, submitted or replayed through the link.
    await expectTRPCError(candidateSide().videoInterview.submit({ token, choices: {} }), 'CONFLICT')
    await expectTRPCError(candidateSide().videoInterview.recordTake({ token, questionId: first!.id, body: wav('late') }), 'CONFLICT')
    await expectTRPCError(candidateSide().videoInterview.candidateTake({ token, takeId: chosen.id }), 'CONFLICT')
    expect(await candidateSide().videoInterview.candidatePage({ token })).toMatchObject({ state: 'submitted', questions: [{ takes: [] }, { takes: [] }] })
    // Uploading a recording to a video interview is refused: its answers are its recording.
    await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'x.wav', body: wav('z') }), 'CONFLICT')

    const outcomes = await runQueuedJobs(db, env)
    expect(outcomes).toEqual([
      { kind: 'transcribe-video-interview', outcome: 'succeeded' },
      { kind: 'analyze-interview', outcome: 'succeeded' },
    ])
    expect(speech.requests.filter((r) => r.path === '/v1/audio/transcriptions').slice(-2).map((r) => r.file?.name)).toEqual(['answer-1.wav', 'answer-2.wav'])
    const interview = await caller.interview.get({ interviewId })
    const segments = interview.transcript!.segments
    const spoken = whisperSegments.filter((s) => s.text.trim())
    expect(segments.map((s) => s.speaker)).toEqual(['Interviewer', ...spoken.map(() => 'Candidate'), 'Interviewer', ...spoken.map(() => 'Candidate')])
    expect(segments[0]!.text).toBe(questions[0])
    expect(segments[spoken.length + 1]!.text).toBe(questions[1])
    segments.forEach((s, i) => i > 0 && expect(s.startMs).toBeGreaterThanOrEqual(segments[i - 1]!.endMs))
    const analysis = await caller.interview.latestAnalysis({ interviewId })
    expect(analysis?.result.candidateSpeaker).toBe('Candidate')
    const cited = analysis!.result.competencies.flatMap((c) => c.evidence.map((e) => segments.find((s) => s.index === e.segment)?.speaker))
    expect(cited.every((speaker) => speaker === 'Candidate')).toBe(true)

    const staff = await caller.videoInterview.get({ interviewId })
    expect(staff).toMatchObject({ status: 'SUBMITTED', drafts: 1 })
    expect(staff!.questions.map((q) => q.answer?.id)).toEqual([chosen.id, answer2.id])
    await expectTRPCError(caller.videoInterview.answer({ interviewId, takeId: retake.id }), 'NOT_FOUND')
    const outsider = await createOrgWithOwner(db)
    const { caller: outsiderCaller } = await callerAs(db, outsider.owner.id, outsider.org.id, env)
    await expectTRPCError(outsiderCaller.videoInterview.answer({ interviewId, takeId: chosen.id }), 'NOT_FOUND')
    const submittedAudit = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'video_interview.submitted' } })
    expect(submittedAudit.metadata).toEqual({ answers: 2, drafts: 1 })
  })

  it('does not transcribe after the candidate withdrew consent to recording', async () => {
    const { token, interviewId } = await invite()
    await agree(token)
    const { questions: qs } = await candidateSide().videoInterview.candidatePage({ token })
    for (const q of qs) await candidateSide().videoInterview.recordTake({ token, questionId: q.id, body: wav(q.id) })
    await candidateSide().videoInterview.submit({ token, choices: {} })
    await candidateSide().videoInterview.answerConsent({ token, language: 'en', version: noticeHash(noticeTemplate('gdpr', 'en')), answers: {} })
    expect(await db.prisma.backgroundJob.count({ where: { key: `transcribe-video:${interviewId}` } })).toBe(0)
    expect(await db.prisma.transcript.count({ where: { interviewId } })).toBe(0)
  })
})

describe('the recruiter’s controls', () => {
  it('renews the link (the old one stops working) and cancels; neither after submission', async () => {
    const { token, interviewId, caller } = await invite()
    const renewed = await caller.videoInterview.renewLink({ interviewId })
    await expectTRPCError(candidateSide().videoInterview.candidatePage({ token }), 'NOT_FOUND')
    const newToken = tokenOf(renewed.url)
    expect((await candidateSide().videoInterview.candidatePage({ token: newToken })).state).toBe('open')
    await caller.videoInterview.cancel({ interviewId })
    expect((await candidateSide().videoInterview.candidatePage({ token: newToken })).state).toBe('cancelled')
    await expectTRPCError(caller.videoInterview.cancel({ interviewId }), 'CONFLICT')
    await expectTRPCError(caller.videoInterview.renewLink({ interviewId }), 'CONFLICT')
    await expectTRPCError(candidateSide().videoInterview.recordTake({ token: newToken, questionId: 'q', body: wav('c') }), 'CONFLICT')
  })
})

describe('draft expiry', () => {
  async function submittedWithDraft() {
    const context = await invite({ maxTakes: 2 })
    await agree(context.token)
    const { questions: qs } = await candidateSide().videoInterview.candidatePage({ token: context.token })
    const draft = await candidateSide().videoInterview.recordTake({ token: context.token, questionId: qs[0]!.id, body: wav('draft') })
    for (const q of qs) await candidateSide().videoInterview.recordTake({ token: context.token, questionId: q.id, body: wav(`${q.id}-final`) })
    await candidateSide().videoInterview.submit({ token: context.token, choices: {} })
    await db.prisma.backgroundJob.deleteMany({ where: { key: `transcribe-video:${context.interviewId}` } })
    const takes = await db.prisma.videoAnswerTake.findMany({ where: { videoInterview: { interviewId: context.interviewId } } })
    return { ...context, draft, takes }
  }
  const closeDaysAgo = (interviewId: string, days: number) =>
    db.prisma.videoInterview.update({ where: { interviewId }, data: { submittedAt: new Date(Date.now() - days * 86_400_000) } })

  it('deletes unsent takes (rows and files) 7 days after the interview closed, keeps submitted answers, and audits the count', async () => {
    const early = await submittedWithDraft()
    const recent = await submittedWithDraft()
    const open = await invite()
    await agree(open.token)
    const { questions: openQs } = await candidateSide().videoInterview.candidatePage({ token: open.token })
    const inProgress = await candidateSide().videoInterview.recordTake({ token: open.token, questionId: openQs[0]!.id, body: wav('open') })
    await db.prisma.videoAnswerTake.update({ where: { id: inProgress.id }, data: { createdAt: new Date(Date.now() - 30 * 86_400_000) } })
    await closeDaysAgo(early.interviewId, 8)
    await closeDaysAgo(recent.interviewId, 6)

    await expireDraftAttempts(db, getBlobStore(testEnv), 'test')
    const draftRow = early.takes.find((t) => t.id === early.draft.id)!
    expect(await db.prisma.videoAnswerTake.findUnique({ where: { id: early.draft.id } })).toBeNull()
    expect(await storedFile(draftRow.storageKey)).toBe(false)
    for (const kept of early.takes.filter((t) => t.id !== early.draft.id)) expect(await storedFile(kept.storageKey)).toBe(true)
    expect(await db.prisma.videoAnswerTake.count({ where: { videoInterview: { interviewId: early.interviewId } } })).toBe(2)
    expect(await db.prisma.videoAnswerTake.count({ where: { videoInterview: { interviewId: recent.interviewId } } })).toBe(3)
    expect(await db.prisma.videoAnswerTake.findUnique({ where: { id: inProgress.id } })).not.toBeNull()
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: early.org.id, action: 'retention.drafts_expired' } })
    expect(audit.metadata).toEqual({ drafts: 1, afterDays: 7 })
    expect(await db.prisma.auditEvent.count({ where: { orgId: recent.org.id, action: 'retention.drafts_expired' } })).toBe(0)
  })

  it('applies an organization’s shorter rule for drafts, and its recordings rule to submitted answers', async () => {
    const { org, owner, interviewId, draft, takes } = await submittedWithDraft()
    await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE' } })
    const { caller } = await callerAs(db, owner.id, org.id, env)
    await closeDaysAgo(interviewId, 2)
    await caller.retention.createRule({ dataKind: 'DRAFT_ATTEMPTS', action: 'DELETE', afterDays: 1, candidateStatus: 'ANY' })
    await expectTRPCError(caller.retention.createRule({ dataKind: 'DRAFT_ATTEMPTS', action: 'ANONYMISE', afterDays: 1, candidateStatus: 'ANY' }), 'UNPROCESSABLE_CONTENT')
    expect(await caller.retention.preview()).toEqual([expect.objectContaining({ dataKind: 'DRAFT_ATTEMPTS', items: 1 })])
    const run = await caller.retention.run()
    expect(run.counts).toEqual([expect.objectContaining({ dataKind: 'DRAFT_ATTEMPTS', items: 1 })])
    expect(await db.prisma.videoAnswerTake.findUnique({ where: { id: draft.id } })).toBeNull()

    await db.prisma.videoAnswerTake.updateMany({ where: { videoInterview: { interviewId } }, data: { createdAt: new Date(Date.now() - 40 * 86_400_000) } })
    await caller.retention.createRule({ dataKind: 'RECORDINGS', action: 'DELETE', afterDays: 30, candidateStatus: 'ANY' })
    const second = await caller.retention.run()
    expect(second.counts).toContainEqual(expect.objectContaining({ dataKind: 'RECORDINGS', items: 2 }))
    expect(await db.prisma.videoAnswerTake.count({ where: { videoInterview: { interviewId } } })).toBe(0)
    for (const take of takes) expect(await storedFile(take.storageKey)).toBe(false)
  })
})
