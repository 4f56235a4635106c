import fs from 'node:fs'
import crypto from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, runQueuedJobs, testEnv } from '../factories'
import { consentInPerson } from '../factories/recruiting'
import { expectTRPCError } from './expect-error'
import { parseEnv } from '../../server/env'
import { encodeWav } from '../../server/transcription/wav'
import { startFakeOpenAI, type FakeOpenAI } from '../support/speech-providers'
import { getBlobStore } from '../../server/storage'
import { uploadRecording } from '../../server/services/interviews/recordings'
import { transcriptionEngines } from '../../server/services/interviews/transcription-job'
import { resolveAccess } from '../../server/authz/access'
import type { AuditContext } from '../../server/audit/append'

/**
 * Recordings through the procedures on the real database and blob store:
 * streamed in with type, size and hash checked, refused cleanly (nothing
 * stored), transcribed by the durable job with the real OpenAI SDK against a
 * local server (failures retried, one transcript per recording), then
 * analysed automatically with an email to the uploader.
 */
const db = await useTestDatabase()
let openai: FakeOpenAI
let env: typeof testEnv
beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-test-recordings' })
  env = parseEnv({
    NODE_ENV: 'test',
    APP_URL: testEnv.APP_URL,
    LOG_LEVEL: 'silent',
    STORAGE_DIR: testEnv.STORAGE_DIR,
    OPENAI_API_KEY: 'sk-test-recordings',
    OPENAI_BASE_URL: openai.baseURL,
    PROVIDER_TIMEOUT_MS: '5000',
  })
})
afterAll(() => openai.close())
// Each test runs the jobs it queued, and only those.
beforeEach(() => db.prisma.backgroundJob.deleteMany({}))

/** A second of a 220 Hz tone as 16 kHz mono WAV: a real audio file, small enough to keep in memory. */
function toneWav(seconds = 1) {
  const rate = 16_000
  const samples = new Int16Array(rate * seconds)
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / rate))
  return encodeWav(samples, rate)
}
async function* streamOf(bytes: Uint8Array, chunk = 64 * 1024) {
  for (let offset = 0; offset < bytes.length; offset += chunk) yield bytes.subarray(offset, offset + chunk)
}
function blobFiles() {
  const root = path.resolve(testEnv.STORAGE_DIR)
  if (!fs.existsSync(root)) return []
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile())
}

async function setup() {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id)
  const job = await caller.job.create({ title: 'Platform engineer', description: '', location: '', region: 'EU', currency: 'EUR' })
  await caller.job.setRubric({ jobId: job.id, competencies: [{ name: 'Migrations', description: 'tested every migration on production copies', weight: 2 }] })
  const candidate = await caller.candidate.create({ name: 'Sam Candidate', location: '', jobId: job.id })
  await consentInPerson(caller, candidate.id)
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: candidate.id } })
  const { id: interviewId } = await caller.interview.create({ applicationId: application.id, title: 'Technical interview' })
  return { org, owner, caller, job, application, interviewId }
}

describe('recordings', () => {
  it('streams an upload to storage with its detected type, size and SHA-256, audits it and queues one transcription', async () => {
    const { org, caller, interviewId } = await setup()
    const wav = toneWav()
    const uploaded = await caller.interview.uploadRecording({ interviewId, fileName: 'C:\\fakepath\\interview.mp3', body: streamOf(wav) })
    expect(uploaded).toMatchObject({ contentType: 'audio/wav', sizeBytes: wav.length, sha256: crypto.createHash('sha256').update(wav).digest('hex') })
    const stored = await db.prisma.recording.findUniqueOrThrow({ where: { id: uploaded.id } })
    expect(stored.fileName).toBe('interview.mp3')
    expect(await getBlobStore(testEnv).size(stored.storageKey)).toBe(wav.length)
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'recording.uploaded' } })
    expect(audit.metadata).toMatchObject({ contentType: 'audio/wav', sizeBytes: wav.length, sha256: uploaded.sha256 })
    expect((await caller.interview.progress({ interviewId })).transcription).toMatchObject({ status: 'QUEUED' })

    await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'again.wav', body: streamOf(wav) }), 'CONFLICT')
  })

  it('uses the engine the uploader chose, and refuses one that is not available here', async () => {
    const { caller, interviewId } = await setup()
    // No AssemblyAI key in the test settings: that engine is not available.
    await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', engine: 'assemblyai', body: streamOf(toneWav()) }), 'BAD_REQUEST')
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(0)
    // OpenAI is configured in `env`; the procedures see `testEnv`, where the local engine is the one that may be installed.
    const local = (await transcriptionEngines(testEnv)).find((e) => e.id === 'local')!
    if (!local.available) {
      await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', engine: 'local', body: streamOf(toneWav()) }), 'BAD_REQUEST')
      return
    }
    await caller.interview.uploadRecording({ interviewId, fileName: 'a.wav', engine: 'local', body: streamOf(toneWav()) })
    const job = await db.prisma.backgroundJob.findFirstOrThrow({ where: { kind: 'transcribe-recording' } })
    expect(job.payload).toMatchObject({ engine: 'local' })
  })

  it('plays only for roles whose visibility includes recordings; metadata without storage internals', async () => {
    const { org, caller, interviewId } = await setup()
    await caller.interview.uploadRecording({ interviewId, fileName: 'interview.wav', body: streamOf(toneWav()) })
    const shown = await caller.interview.recording({ interviewId })
    expect(Object.keys(shown).sort()).toEqual(['contentType', 'createdAt', 'fileName', 'id', 'sizeBytes'])
    const admin = await createMember(db, org.id, 'admin')
    const adminRole = await db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: admin.id } }, select: { roleId: true } })
    await db.prisma.role.update({ where: { id: adminRole.roleId }, data: { seeRecordings: false } })
    const { caller: noRecordings } = await callerAs(db, admin.id, org.id)
    await expectTRPCError(noRecordings.interview.recording({ interviewId }), 'FORBIDDEN')
  })

  it('refuses what is not audio or video, whatever its name, and oversized files, leaving nothing behind', async () => {
    const { caller, interviewId } = await setup()
    const before = blobFiles().length
    const text = new TextEncoder().encode('#!/bin/sh\necho this is not a recording, whatever the name says\n')
    const notAudio = await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'interview.wav', body: streamOf(text) }), 'UNSUPPORTED_MEDIA_TYPE')
    expect(notAudio.message).toMatch(/not an audio or video recording/)
    const pdf = new TextEncoder().encode('%PDF-1.7\n' + 'x'.repeat(100))
    await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'cv.mp4', body: streamOf(pdf) }), 'UNSUPPORTED_MEDIA_TYPE')
    await expectTRPCError(caller.interview.uploadRecording({ interviewId, fileName: 'empty.wav', body: streamOf(new Uint8Array()) }), 'BAD_REQUEST')
    // Declared too large: refused before reading.
    await expectTRPCError(
      caller.interview.uploadRecording({ interviewId, fileName: 'huge.wav', declaredBytes: 3 * 1024 ** 3, body: streamOf(toneWav()) }),
      'PAYLOAD_TOO_LARGE',
    )
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(0)
    expect(blobFiles().length).toBe(before)
  })

  it('cuts off a stream that passes the limit without a declared size, and a stream that breaks, keeping no partial file', async () => {
    const { org, owner, interviewId } = await setup()
    const { ctx } = await callerContext(owner.id, org.id)
    const before = blobFiles().length
    const big = toneWav(4) // 128 kB
    await expect(uploadRecording(db, getBlobStore(testEnv), ctx.access, ctx.audit, { interviewId, fileName: 'a.wav', body: streamOf(big), maxBytes: 100_000 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    })
    async function* broken() {
      yield toneWav().subarray(0, 70_000)
      throw new Error('connection reset')
    }
    await expect(uploadRecording(db, getBlobStore(testEnv), ctx.access, ctx.audit, { interviewId, fileName: 'b.wav', body: broken(), maxBytes: 10_000_000 })).rejects.toThrow(
      'connection reset',
    )
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(0)
    expect(blobFiles().length).toBe(before)
  })

  it('transcribes in the background with the OpenAI SDK, retries a provider failure, keeps one transcript, then analyses and emails the uploader', async () => {
    const { org, owner, caller, interviewId } = await setup()
    await caller.interview.uploadRecording({ interviewId, fileName: 'interview.wav', body: streamOf(toneWav()) })

    openai.fail(500)
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'transcribe-recording', outcome: 'retry' }])
    const waiting = (await caller.interview.progress({ interviewId })).transcription!
    expect(waiting).toMatchObject({ status: 'QUEUED', attempts: 1 })
    expect(waiting.retryAt).not.toBeNull()
    expect(waiting.error).toBeTruthy()

    // The backoff passes; the provider is back.
    openai.fail(null)
    await db.prisma.backgroundJob.updateMany({ where: { kind: 'transcribe-recording', status: 'QUEUED' }, data: { runAt: new Date() } })
    expect(await runQueuedJobs(db, env)).toEqual([
      { kind: 'transcribe-recording', outcome: 'succeeded' },
      { kind: 'analyze-interview', outcome: 'succeeded' },
    ])
    const interview = await caller.interview.get({ interviewId })
    expect(interview.transcript).toMatchObject({ source: 'transcription:openai', model: 'whisper-1', segmentCount: 2 })
    expect(interview.transcript!.segments[1]).toMatchObject({ startMs: 4100, endMs: 9875, text: 'We tested every migration on a copy of production first.' })
    expect(await db.prisma.transcript.count({ where: { interviewId } })).toBe(1)
    const upload = openai.requests.at(-1)!
    expect(upload.file).toMatchObject({ name: 'interview.wav', size: toneWav().length })
    expect(upload.fields?.response_format).toEqual(['verbose_json'])

    const analysis = (await caller.interview.latestAnalysis({ interviewId }))!
    const migrations = analysis.result.competencies[0]!
    expect(migrations.score).toBeGreaterThan(0)
    expect(migrations.evidence[0]).toMatchObject({ segment: 1, startMs: 4100 })
    const mail = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: owner.email, template: 'analysisReady' } })
    expect(mail.text).toContain(`/app/interviews/${interviewId}`)
    expect(mail.text).not.toContain('Sam Candidate')
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id, action: { in: ['transcription.completed', 'analysis.completed'] } } })).toBe(2)
  })

  it('a permanent provider error fails at once, is audited, and can be retried by a person', async () => {
    const { org, caller, interviewId } = await setup()
    await caller.interview.uploadRecording({ interviewId, fileName: 'interview.wav', body: streamOf(toneWav()) })
    openai.fail(400)
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'transcribe-recording', outcome: 'failed' }])
    expect((await caller.interview.progress({ interviewId })).transcription).toMatchObject({ status: 'FAILED' })
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id, action: 'transcription.failed', success: false } })).toBe(1)
    openai.fail(null)
    await caller.interview.retryTranscription({ interviewId })
    await expectTRPCError(caller.interview.retryTranscription({ interviewId }), 'CONFLICT')
    expect((await runQueuedJobs(db, env)).map((r) => r.outcome)).toEqual(['succeeded', 'succeeded'])
  })

  it('deleting the recording removes its file, transcript and analyses; only members with the permission may', async () => {
    const { org, caller, interviewId } = await setup()
    const { id } = await caller.interview.uploadRecording({ interviewId, fileName: 'interview.wav', body: streamOf(toneWav()) })
    await runQueuedJobs(db, env)
    const { storageKey } = await db.prisma.recording.findUniqueOrThrow({ where: { id } })
    const interviewer = await createMember(db, org.id, 'interviewer')
    const other = (await callerAs(db, interviewer.id, org.id)).caller
    await expect(other.interview.deleteRecording({ interviewId })).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) })
    await caller.interview.deleteRecording({ interviewId })
    expect(await getBlobStore(testEnv).size(storageKey)).toBeNull()
    expect(await db.prisma.transcript.count({ where: { interviewId } })).toBe(0)
    expect(await db.prisma.analysis.count({ where: { interviewId } })).toBe(0)
    expect((await caller.interview.progress({ interviewId })).recording).toBeNull()
  })
})

/** What the procedures would pass to the service: the owner's resolved access and audit context. */
async function callerContext(userId: string, orgId: string) {
  const membership = await db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId, userId } }, include: { role: true, overrides: true, user: true } })
  const access = resolveAccess({ orgId, userId, role: membership.role, overrides: membership.overrides })
  const audit: AuditContext = { actor: { type: 'USER', id: userId, email: membership.user.email }, ip: '203.0.113.10', userAgent: 'vitest', requestId: 'req-recordings' }
  return { ctx: { access, audit } }
}
