import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, callerAs, createMember, createOrgWithOwner, runQueuedJobs } from '../factories'
import { streamOf } from '../factories/recruiting'
import { expectTRPCError } from './expect-error'
import { encodeWav } from '../../server/transcription/wav'
import { noticeHash, noticeTemplate, noticeText } from '../../server/services/consent/notices'
import { consentLinkLifetimeMs } from '../../server/services/consent/consent'
import { enqueueJob } from '../../server/jobs/queue'
import { transcriptionJobKey, transcriptionJobKind } from '../../server/services/interviews/transcription-job'

/**
 * Candidate consent through the procedures on the real database: nothing is
 * recorded or analysed before the candidate agrees to the current notice;
 * the candidate answers on their own page (by token) in their language; every
 * answer keeps the notice version, language and time; withdrawal stops queued
 * work; under KVKK (candidates in Türkiye) the notice is Turkish, consent to
 * processing abroad is also needed, and only the candidate can give it.
 */
const db = await useTestDatabase()

const english = noticeTemplate('gdpr', 'en')
const turkishKvkk = noticeTemplate('kvkk', 'tr')
const wav = () => streamOf(encodeWav(Int16Array.from({ length: 1600 }, () => Math.round(Math.random() * 2000)), 16_000))

async function setup(candidate: { country?: string; email?: string | null } = {}) {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id)
  const job = await caller.job.create({ title: 'Analyst', description: '', location: '', region: 'EU', currency: 'EUR' })
  await caller.job.setRubric({ jobId: job.id, competencies: [{ name: 'Forecasting', description: 'forecasting models', weight: 1 }] })
  const { id: candidateId } = await caller.candidate.create({
    name: 'Deniz Yılmaz',
    email: candidate.email === undefined ? `deniz.${crypto.randomUUID().slice(0, 8)}@example.test` : (candidate.email ?? undefined),
    location: 'İstanbul',
    country: candidate.country,
    jobId: job.id,
  })
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId } })
  const { id: interviewId } = await caller.interview.create({ applicationId: application.id, title: 'First interview' })
  return { org, owner, caller, job, candidateId, interviewId }
}

/** Sends the consent request and reads the link out of the email the candidate got. */
async function requestByEmail(caller: Awaited<ReturnType<typeof setup>>['caller'], candidateId: string) {
  const sent = await caller.consent.request({ candidateId })
  const email = await db.prisma.outboxEmail.findFirstOrThrow({ where: { template: 'consentRequest' }, orderBy: { createdAt: 'desc' } })
  const token = /\/consent\/([A-Za-z0-9_-]{43})\b/.exec(email.text)?.[1]
  expect(token).toBeTruthy()
  return { sent, email, token: token! }
}

const consentRows = (candidateId: string) => db.prisma.candidateConsent.findMany({ where: { candidateId }, orderBy: { createdAt: 'asc' } })

describe('before consent', () => {
  it('refuses recording, transcript import and analysis, and stores nothing', async () => {
    const { caller, interviewId } = await setup()
    const upload = await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', body: wav() }), 'UNPROCESSABLE_CONTENT')
    expect(upload.message).toMatch(/has not consented to being recorded/)
    await expectTRPCError(caller.interview.importTranscript({ interviewId, format: 'text', content: 'Interviewer: Hello?\nDeniz: Hi.' }), 'UNPROCESSABLE_CONTENT')
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(0)
    expect(await db.prisma.transcript.count({ where: { interviewId } })).toBe(0)
    const interview = await caller.interview.get({ interviewId })
    expect(interview.blocked.recording).toMatch(/consent request/)
    expect(interview.blocked.analysis).toMatch(/AI analysis/)
  })
})

describe('the candidate’s consent page', () => {
  it('sends a link by email, stores only its hash, and records each answer with version, language and time', async () => {
    const { caller, candidateId, interviewId, org } = await setup()
    const { sent, email, token } = await requestByEmail(caller, candidateId)
    expect(sent.emailed).toBe(true)
    expect(email.subject).toMatch(/consent/)
    expect(email.text).toContain(`${token}?withdraw=1`)
    const link = await db.prisma.consentLink.findFirstOrThrow({ where: { candidateId } })
    expect(link.tokenHash).toBe(crypto.createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(link)).not.toContain(token)

    const candidatePage = anonymousCaller(db).caller
    const page = await candidatePage.consent.page({ token })
    expect(page.notice.language).toBe('en')
    expect(page.notice.version).toBe(noticeHash(english))
    expect(page.notice.sections.map((s) => s.purpose)).toEqual(['RECORDING', 'AI_ANALYSIS'])
    expect(page.notice.intro.join(' ')).toContain(org.name)
    expect(page.answers).toEqual({ RECORDING: null, AI_ANALYSIS: null })

    const before = new Date()
    await candidatePage.consent.answer({ token, language: 'en', version: page.notice.version, answers: { RECORDING: true } })
    const rows = await consentRows(candidateId)
    expect(rows.map((r) => [r.purpose, r.granted, r.language, r.source, r.noticeHash])).toEqual([
      ['RECORDING', true, 'en', 'CANDIDATE', noticeHash(english)],
      ['AI_ANALYSIS', false, 'en', 'CANDIDATE', noticeHash(english)],
    ])
    expect(rows[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000)
    // The exact words answered are kept once, under their hash.
    const notice = await db.prisma.consentNotice.findUniqueOrThrow({ where: { hash: noticeHash(english) } })
    expect(notice.body).toBe(noticeText(english))
    expect(crypto.createHash('sha256').update(notice.body).digest('hex')).toBe(notice.hash)
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'candidate.consent_recorded' } })
    expect(event.actorType).toBe('CANDIDATE')
    expect(event.metadata).toMatchObject({ source: 'CANDIDATE', language: 'en', answers: { RECORDING: true, AI_ANALYSIS: false } })

    // Recording is now allowed; AI analysis is still not.
    await caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', body: wav() })
    await db.prisma.backgroundJob.deleteMany({ where: { key: { startsWith: 'transcribe:' } } })
    await caller.interview.importTranscript({ interviewId, format: 'text', content: 'Interviewer: Forecasting?\nDeniz: I built forecasting models.' })
    await expectTRPCError(caller.interview.runAnalysis({ interviewId }), 'UNPROCESSABLE_CONTENT')
    expect((await caller.interview.get({ interviewId })).blocked).toEqual({ recording: null, analysis: expect.stringMatching(/AI analysis/) })
  })

  it('refuses a bad or stale answer with a clear error and changes nothing', async () => {
    const { caller, candidateId } = await setup()
    const { token } = await requestByEmail(caller, candidateId)
    const page = anonymousCaller(db).caller
    const version = noticeHash(english)
    const stale = await expectTRPCError(page.consent.answer({ token, language: 'en', version: 'a'.repeat(64), answers: { RECORDING: true } }), 'CONFLICT')
    expect(stale.message).toMatch(/notice has changed/)
    await expectTRPCError(page.consent.answer({ token: 'x'.repeat(43), language: 'en', version, answers: { RECORDING: true } }), 'NOT_FOUND')
    await expectTRPCError(page.consent.answer({ token, language: 'en', version: 'not-a-hash', answers: {} }), 'BAD_REQUEST')
    await expectTRPCError(page.consent.answer({ token, language: 'de' as 'en', version, answers: {} }), 'BAD_REQUEST')
    await expectTRPCError(
      page.consent.answer({ token, language: 'en', version, answers: { RECORDING: true, EVERYTHING: true } as { RECORDING: boolean } }),
      'BAD_REQUEST',
    )
    // The Turkish KVKK version is not the notice of a candidate outside Türkiye.
    await expectTRPCError(page.consent.answer({ token, language: 'tr', version: noticeHash(turkishKvkk), answers: { RECORDING: true } }), 'CONFLICT')
    expect(await consentRows(candidateId)).toEqual([])
  })

  it('after 30 days only withdraws; a new request replaces the old link', async () => {
    const { caller, candidateId } = await setup()
    const first = await requestByEmail(caller, candidateId)
    const page = anonymousCaller(db).caller
    const version = noticeHash(english)
    await page.consent.answer({ token: first.token, language: 'en', version, answers: { RECORDING: true, AI_ANALYSIS: true } })
    await db.prisma.consentLink.updateMany({ where: { candidateId }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await page.consent.page({ token: first.token })).mayGrant).toBe(false)
    // Keeping what was granted and withdrawing one purpose is fine; granting again is not.
    await page.consent.answer({ token: first.token, language: 'en', version, answers: { RECORDING: true } })
    const expired = await expectTRPCError(page.consent.answer({ token: first.token, language: 'en', version, answers: { RECORDING: true, AI_ANALYSIS: true } }), 'UNPROCESSABLE_CONTENT')
    expect(expired.message).toMatch(/can no longer be used to give consent/)
    expect((await page.consent.page({ token: first.token })).answers).toEqual({ RECORDING: true, AI_ANALYSIS: false })

    const second = await requestByEmail(caller, candidateId)
    await expectTRPCError(page.consent.page({ token: first.token }), 'NOT_FOUND')
    const fresh = await page.consent.page({ token: second.token })
    expect(fresh.mayGrant).toBe(true)
    expect(fresh.expiresAt.getTime() - Date.now()).toBeGreaterThan(consentLinkLifetimeMs - 60_000)
  })

  it('withdrawing cancels queued transcription and analysis; a job that runs anyway stops at its check', async () => {
    const { org, caller, candidateId, interviewId } = await setup()
    const { token } = await requestByEmail(caller, candidateId)
    const page = anonymousCaller(db).caller
    const version = noticeHash(english)
    await page.consent.answer({ token, language: 'en', version, answers: { RECORDING: true, AI_ANALYSIS: true } })
    const { id: recordingId } = await caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', body: wav() })
    await caller.interview.importTranscript({ interviewId, format: 'text', content: 'Interviewer: Forecasting?\nDeniz: I built forecasting models.' })
    await caller.interview.runAnalysis({ interviewId })
    const queued = () => db.prisma.backgroundJob.findMany({ where: { orgId: org.id, status: 'QUEUED' }, select: { key: true } })
    expect((await queued()).map((j) => j.key.split(':')[0]).sort()).toEqual(['analyze', 'transcribe'])

    await page.consent.answer({ token, language: 'en', version, answers: {} })
    expect(await queued()).toEqual([])
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'candidate.consent_recorded' }, orderBy: { seq: 'desc' } })
    expect(event.metadata).toMatchObject({ answers: { RECORDING: false, AI_ANALYSIS: false }, cancelledJobs: 2 })
    await expectTRPCError(caller.interview.runAnalysis({ interviewId }), 'UNPROCESSABLE_CONTENT')

    // A job queued before the withdrawal and claimed after it (say, by another server) finds out when it starts.
    await db.prisma.$transaction((tx) =>
      enqueueJob(tx, { kind: transcriptionJobKind, key: transcriptionJobKey(recordingId), orgId: org.id, payload: { recordingId } }),
    )
    await runQueuedJobs(db)
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: transcriptionJobKey(recordingId) } })
    expect(job.status).toBe('FAILED')
    expect(job.lastError).toMatch(/has not consented to being recorded/)
  })
})

describe('in person', () => {
  it('a member records the answers after reading the notice; a member without candidates.update may not', async () => {
    const { org, caller, candidateId, interviewId } = await setup({ email: null })
    const noEmail = await caller.consent.request({ candidateId })
    expect(noEmail.emailed).toBe(false)
    expect(noEmail.consentUrl).toMatch(/\/consent\/[A-Za-z0-9_-]{43}$/)

    const viewer = await createMember(db, org.id, 'viewer')
    const { caller: viewerCaller } = await callerAs(db, viewer.id, org.id)
    const version = noticeHash(english)
    await expectTRPCError(viewerCaller.consent.recordInPerson({ candidateId, language: 'en', version, answers: { RECORDING: true } }), 'FORBIDDEN')
    await expectTRPCError(viewerCaller.consent.request({ candidateId }), 'FORBIDDEN')
    expect(await consentRows(candidateId)).toEqual([])

    await caller.consent.recordInPerson({ candidateId, language: 'en', version, answers: { RECORDING: true, AI_ANALYSIS: true } })
    const view = await caller.consent.forCandidate({ candidateId })
    expect(view.answers.RECORDING).toMatchObject({ granted: true, source: 'MEMBER', language: 'en', noticeHash: version })
    expect(view.history.every((h) => h.recordedById)).toBe(true)
    await caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', body: wav() })
  })
})

describe('KVKK: candidates in Türkiye', () => {
  it('get the Turkish notice with consent to processing abroad, and only they can give it', async () => {
    const { caller, candidateId, interviewId } = await setup({ country: 'tr' })
    expect((await db.prisma.candidate.findUniqueOrThrow({ where: { id: candidateId } })).country).toBe('TR')

    const inPerson = await expectTRPCError(
      caller.consent.recordInPerson({ candidateId, language: 'tr', version: noticeHash(turkishKvkk), answers: { RECORDING: true, AI_ANALYSIS: true, TRANSFER_ABROAD: true } }),
      'UNPROCESSABLE_CONTENT',
    )
    expect(inPerson.message).toMatch(/KVKK/)
    expect(await consentRows(candidateId)).toEqual([])

    const { email, token } = await requestByEmail(caller, candidateId)
    expect(email.subject).toMatch(/onayınız/)
    expect(email.text).toContain('rızanızı')
    const page = anonymousCaller(db).caller
    const notice = (await page.consent.page({ token })).notice
    expect(notice.language).toBe('tr')
    expect(notice.title).toMatch(/aydınlatma metni ve açık rıza \(KVKK\)/)
    expect(notice.sections.map((s) => s.purpose)).toEqual(['RECORDING', 'AI_ANALYSIS', 'TRANSFER_ABROAD'])
    expect(notice.sections[2]!.paragraphs.join(' ')).toContain('Avrupa Birliği’nde bulunan sunucularda')
    expect(notice.rights.join(' ')).toMatch(/KVKK’nın 11\. maddesi/)
    // The candidate may read it in English too: the same regime, another version.
    const inEnglish = (await page.consent.page({ token, language: 'en' })).notice
    expect(inEnglish.sections.map((s) => s.purpose)).toEqual(['RECORDING', 'AI_ANALYSIS', 'TRANSFER_ABROAD'])
    expect(inEnglish.version).not.toBe(notice.version)

    // Recording and AI analysis without the transfer abroad: still refused.
    await page.consent.answer({ token, language: 'tr', version: notice.version, answers: { RECORDING: true, AI_ANALYSIS: true } })
    const refused = await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', body: wav() }), 'UNPROCESSABLE_CONTENT')
    expect(refused.message).toMatch(/processing outside Türkiye/)

    await page.consent.answer({ token, language: 'tr', version: notice.version, answers: { RECORDING: true, AI_ANALYSIS: true, TRANSFER_ABROAD: true } })
    await caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', body: wav() })
    const rows = await consentRows(candidateId)
    expect(rows.at(-1)).toMatchObject({ purpose: 'TRANSFER_ABROAD', granted: true, language: 'tr', source: 'CANDIDATE', noticeHash: noticeHash(turkishKvkk) })
  })

  it('rejects a country that does not exist', async () => {
    const { caller, job } = await setup()
    await expectTRPCError(caller.candidate.create({ name: 'Nobody', location: '', country: 'XX', jobId: job.id }), 'BAD_REQUEST')
    expect(await db.prisma.candidate.count({ where: { name: 'Nobody' } })).toBe(0)
  })
})
