import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, testEnv, testMeta, unique } from '../factories'
import { consentInPerson } from '../factories/recruiting'
import { startMeetingBotServer, type MeetingBotServer } from '../support/meeting-bot-server'
import { expectTRPCError } from './expect-error'
import { EnvError, parseEnv, type Env } from '../../server/env'
import { setDatabase } from '../../server/db'
import { encodeWav } from '../../server/transcription/wav'
import { getBlobStore } from '../../server/storage'
import { createLogger } from '../../server/logger'
import { runNextJob } from '../../server/jobs/worker'
import { createJobHandlers } from '../../server/jobs/handlers'
import { receiveInboundEmail } from '../../server/services/meetings/inbox'
import { noticeHash, noticeTemplate } from '../../server/services/consent/notices'
import { meetingBotWebhookResponse } from '../../app/utils/meeting-bot-webhook.server'

/**
 * The meeting recorder end to end on the real database and blob store, against a local stand-in of the bot API
 * (tests/support/meeting-bot-server.ts): members send it through the procedures, durable jobs call the provider,
 * signed webhooks report its progress, and the finished recording is streamed in as the interview's recording
 * with its transcription queued, exactly as an upload. Refusals, forged or replayed webhooks and consent withdrawn
 * in the meantime change nothing (or delete the provider's copy).
 */
const db = await useTestDatabase()
const apiKey = 'bot-api-key-for-tests'
const webhookSecret = crypto.randomBytes(24).toString('hex')
let provider: MeetingBotServer
let env: Env
const saved = { ...process.env }

beforeAll(async () => {
  provider = await startMeetingBotServer({ apiKey })
  env = parseEnv({
    NODE_ENV: 'test',
    APP_URL: testEnv.APP_URL,
    LOG_LEVEL: 'silent',
    STORAGE_DIR: testEnv.STORAGE_DIR,
    MEETING_BOT_API_URL: provider.url,
    MEETING_BOT_API_KEY: apiKey,
    MEETING_BOT_WEBHOOK_SECRET: webhookSecret,
  })
})
afterAll(async () => {
  await provider?.close()
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
  Object.assign(process.env, saved)
})

/** Two seconds of a 330 Hz tone as 16 kHz mono WAV: the recording the provider serves. */
function toneWav(seconds = 2) {
  const rate = 16_000
  const samples = new Int16Array(rate * seconds)
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 330 * i) / rate))
  return encodeWav(samples, rate)
}
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex')

const botJobKinds = ['dispatch-meeting-bot', 'fetch-meeting-recording', 'cancel-meeting-bot', 'delete-meeting-bot-recording']
const later = new Date(Date.now() + 365 * 86_400_000)

/**
 * Runs the meeting-bot jobs that are due, as the server's worker does. Other kinds (the transcription a stored
 * recording queues) are held back, so they stay QUEUED for the assertions.
 */
async function runBotJobs(withEnv: Env = env) {
  const handlers = createJobHandlers({ env: withEnv, blobs: getBlobStore(withEnv) })
  const outcomes: { kind: string; outcome: string }[] = []
  for (let i = 0; i < 20; i++) {
    await db.prisma.backgroundJob.updateMany({
      where: { status: 'QUEUED', kind: { notIn: botJobKinds }, runAt: { lt: later } },
      data: { runAt: later },
    })
    const ran = await runNextJob({ db, handlers, logger: createLogger('silent'), workerId: 'test' })
    if (!ran) break
    outcomes.push({ kind: ran.job.kind, outcome: ran.outcome })
  }
  return outcomes
}
/** A retry's backoff has passed. */
const retryNow = () =>
  db.prisma.backgroundJob.updateMany({ where: { status: 'QUEUED', kind: { in: botJobKinds } }, data: { runAt: new Date() } })

async function setup(
  options: { consent?: boolean; meetingUrl?: string | null; scheduledAt?: Date | null; endsAt?: Date | null } = {},
) {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id, env)
  const job = await caller.job.create({ title: 'Data engineer', description: '', location: '', region: 'EU', currency: 'EUR' })
  const candidate = await caller.candidate.create({ name: 'Robin Candidate', location: '', jobId: job.id })
  if (options.consent !== false) await consentInPerson(caller, candidate.id)
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: candidate.id } })
  const { id: interviewId } = await caller.interview.create({ applicationId: application.id, title: 'Technical interview' })
  await db.prisma.interview.update({
    where: { id: interviewId },
    data: {
      meetingUrl: options.meetingUrl === undefined ? 'https://meet.example.test/abc-defg-hij?pwd=s3cret' : options.meetingUrl,
      scheduledAt: options.scheduledAt === undefined ? new Date(Date.now() + 3_600_000) : options.scheduledAt,
      endsAt: options.endsAt ?? null,
    },
  })
  return { org, owner, caller, candidate, interviewId }
}

const interviewRow = (id: string) => db.prisma.interview.findUniqueOrThrow({ where: { id } })
async function actionsOf(orgId: string) {
  const where = { orgId, action: { startsWith: 'meeting_bot.' } }
  const events = await db.prisma.auditEvent.findMany({ where, orderBy: { seq: 'asc' } })
  return events.map((e) => e.action)
}

/** Sends the recorder and runs the dispatch: the interview then has the provider's bot. */
async function dispatched(options: Parameters<typeof setup>[0] = {}) {
  const context = await setup(options)
  await context.caller.meetingBot.send({ interviewId: context.interviewId })
  expect(await runBotJobs()).toEqual([{ kind: 'dispatch-meeting-bot', outcome: 'succeeded' }])
  const botId = (await interviewRow(context.interviewId)).meetingBotId!
  expect(botId).toMatch(/^bot_\d+$/)
  return { ...context, botId }
}

/** Signs as the provider does: HMAC-SHA256 of "<t>.<raw body>" with the webhook secret (written here independently). */
function signature(body: string, options: { secret?: string; timestamp?: number } = {}) {
  const t = options.timestamp ?? Math.floor(Date.now() / 1000)
  const mac = crypto.createHmac('sha256', options.secret ?? webhookSecret).update(`${t}.${body}`).digest('hex')
  return `t=${t},v1=${mac}`
}

/** Posts a webhook through the same code as the route, with its real Request and Response. */
async function deliver(event: unknown, options: { header?: string | null; secret?: string; timestamp?: number } = {}) {
  const body = typeof event === 'string' ? event : JSON.stringify(event)
  const header = options.header === undefined ? signature(body, options) : options.header
  const request = new Request('http://127.0.0.1/webhooks/meeting-bot', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...(header === null ? {} : { 'x-hireproof-bot-signature': header }) },
  })
  const response = await meetingBotWebhookResponse(request, { meta: testMeta() }, { env, db })
  return { status: response.status, body: (await response.json()) as { received?: boolean; status?: string; error?: string } }
}
const event = (type: string, data: Record<string, unknown>, id = unique('evt')) => ({ id, type, data })

describe('sending the meeting recorder', () => {
  it('queues a dispatch job that calls the provider with the link and key, stores the bot, audits each step', async () => {
    const { org, owner, caller, interviewId } = await setup()
    const scheduledAt = (await interviewRow(interviewId)).scheduledAt!
    expect(await caller.meetingBot.send({ interviewId })).toEqual({ status: 'requested' })
    expect(await caller.meetingBot.get({ interviewId })).toMatchObject({
      configured: true,
      status: 'requested',
      busy: true,
      recallable: true,
    })
    expect(
      provider
        .of('create')
        .filter((r) => (r.body as { metadata?: { interviewId?: string } }).metadata?.interviewId === interviewId),
    ).toHaveLength(0)

    expect(await runBotJobs()).toEqual([{ kind: 'dispatch-meeting-bot', outcome: 'succeeded' }])
    const request = provider.of('create').at(-1)!
    expect(request.authorization).toBe(`Token ${apiKey}`)
    expect(request.idempotencyKey).toMatch(/^hireproof-/)
    expect(request.body).toEqual({
      meeting_url: 'https://meet.example.test/abc-defg-hij?pwd=s3cret',
      join_at: scheduledAt.toISOString(),
      metadata: { interviewId, orgId: org.id },
    })
    const row = await interviewRow(interviewId)
    expect(row).toMatchObject({ meetingBotStatus: 'ready', meetingBotRequestedById: owner.id })
    expect(row.meetingBotId).toMatch(/^bot_\d+$/)
    expect(await caller.meetingBot.get({ interviewId })).toMatchObject({
      status: 'ready',
      label: 'Sent; it joins at the meeting’s time',
    })

    expect(await actionsOf(org.id)).toEqual(['meeting_bot.requested', 'meeting_bot.status_changed'])
    const requested = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'meeting_bot.requested' } })
    expect(requested).toMatchObject({ actorType: 'USER', actorId: owner.id })
    // The link may carry its passcode: the log keeps only the host.
    expect(JSON.stringify(requested.metadata)).not.toContain('s3cret')
    expect(requested.metadata).toMatchObject({ meetingHost: 'meet.example.test' })
    const changed = await db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.id, action: 'meeting_bot.status_changed' },
    })
    expect(changed).toMatchObject({ actorType: 'SYSTEM' })

    // Sent already: a second one is refused until this one is called back.
    await expectTRPCError(caller.meetingBot.send({ interviewId }), 'CONFLICT')
  })

  it('refuses without consent, link, settings, future meeting or permission, and across tenants; nothing changes', async () => {
    const unchanged = async (interviewId: string) => {
      expect((await interviewRow(interviewId)).meetingBotStatus).toBeNull()
      expect(await db.prisma.backgroundJob.count({ where: { key: `meeting-bot-dispatch:${interviewId}` } })).toBe(0)
    }
    const noConsent = await setup({ consent: false })
    const refused = await expectTRPCError(
      noConsent.caller.meetingBot.send({ interviewId: noConsent.interviewId }),
      'UNPROCESSABLE_CONTENT',
    )
    expect(refused.message).toMatch(/consent|agree/i)
    await unchanged(noConsent.interviewId)

    const noLink = await setup({ meetingUrl: null })
    expect(
      (await expectTRPCError(noLink.caller.meetingBot.send({ interviewId: noLink.interviewId }), 'UNPROCESSABLE_CONTENT'))
        .message,
    ).toMatch(/no meeting link.*upload the recording instead/)
    await unchanged(noLink.interviewId)
    const plainHttp = await setup({ meetingUrl: 'http://meet.example.test/room' })
    await expectTRPCError(plainHttp.caller.meetingBot.send({ interviewId: plainHttp.interviewId }), 'UNPROCESSABLE_CONTENT')
    const over = await setup({ scheduledAt: new Date(Date.now() - 7_200_000), endsAt: new Date(Date.now() - 3_600_000) })
    await expectTRPCError(over.caller.meetingBot.send({ interviewId: over.interviewId }), 'UNPROCESSABLE_CONTENT')
    await unchanged(over.interviewId)

    // Not configured: the feature is off, and says what to do instead.
    const off = await setup()
    const { caller: unconfigured } = await callerAs(db, off.owner.id, off.org.id, testEnv)
    expect(
      (await expectTRPCError(unconfigured.meetingBot.send({ interviewId: off.interviewId }), 'UNPROCESSABLE_CONTENT')).message,
    ).toMatch(/not set up.*upload the recording instead/)
    expect(await unconfigured.meetingBot.get({ interviewId: off.interviewId })).toMatchObject({ configured: false })
    await unchanged(off.interviewId)

    // Another organization's interview is not found, configured or not.
    await expectTRPCError(noLink.caller.meetingBot.send({ interviewId: off.interviewId }), 'NOT_FOUND')
    await expectTRPCError(noLink.caller.meetingBot.cancel({ interviewId: off.interviewId }), 'NOT_FOUND')
    await expectTRPCError(noLink.caller.meetingBot.get({ interviewId: off.interviewId }), 'NOT_FOUND')
    await unchanged(off.interviewId)

    // An interviewer sees interviews but may not record them.
    const interviewer = await createMember(db, off.org.id, 'interviewer')
    const { caller: interviewerCaller } = await callerAs(db, interviewer.id, off.org.id, env)
    expect(
      (await expectTRPCError(interviewerCaller.meetingBot.send({ interviewId: off.interviewId }), 'FORBIDDEN')).message,
    ).toContain('recordings.upload')
    await expectTRPCError(interviewerCaller.meetingBot.cancel({ interviewId: off.interviewId }), 'FORBIDDEN')
    await unchanged(off.interviewId)

    // An interview with a recording needs no recorder.
    await off.caller.interview.uploadRecording({
      interviewId: off.interviewId,
      fileName: 'call.wav',
      body: (async function* () {
        yield toneWav(1)
      })(),
    })
    await expectTRPCError(off.caller.meetingBot.send({ interviewId: off.interviewId }), 'CONFLICT')
    await unchanged(off.interviewId)
    // Input is validated.
    await expectTRPCError(off.caller.meetingBot.send({ interviewId: '' }), 'BAD_REQUEST')
  })

  it('retries a provider outage, and gives up on a refusal with the reason shown and audited', async () => {
    const { org, caller, interviewId } = await setup()
    await caller.meetingBot.send({ interviewId })
    provider.fail('create', 503)
    expect(await runBotJobs()).toEqual([{ kind: 'dispatch-meeting-bot', outcome: 'retry' }])
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('requested')
    provider.fail('create', 401)
    await retryNow()
    expect(await runBotJobs()).toEqual([{ kind: 'dispatch-meeting-bot', outcome: 'failed' }])
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('failed')
    const shown = await caller.meetingBot.get({ interviewId })
    expect(shown).toMatchObject({ status: 'failed', busy: false })
    expect(shown.error).toMatch(/answered 401.*MEETING_BOT_API_KEY/)
    const failed = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'meeting_bot.status_changed' } })
    expect(failed).toMatchObject({ success: false })
    // A failed recorder can be sent again.
    await caller.meetingBot.send({ interviewId })
    expect(await runBotJobs()).toEqual([{ kind: 'dispatch-meeting-bot', outcome: 'succeeded' }])
    expect((await interviewRow(interviewId)).meetingBotId).toMatch(/^bot_/)
  })

  it('calls the recorder back: before dispatch nothing reaches the provider; after, the bot is cancelled there', async () => {
    const early = await setup()
    const createsBefore = provider.of('create').length
    await early.caller.meetingBot.send({ interviewId: early.interviewId })
    expect(await early.caller.meetingBot.cancel({ interviewId: early.interviewId })).toEqual({ status: 'bot_cancelled' })
    expect(await runBotJobs()).toEqual([])
    expect(provider.of('create')).toHaveLength(createsBefore)
    expect(await interviewRow(early.interviewId)).toMatchObject({ meetingBotStatus: 'bot_cancelled', meetingBotId: null })
    expect(await actionsOf(early.org.id)).toEqual(['meeting_bot.requested', 'meeting_bot.cancelled'])
    await expectTRPCError(early.caller.meetingBot.cancel({ interviewId: early.interviewId }), 'CONFLICT')

    const { org, caller, interviewId, botId } = await dispatched()
    await caller.meetingBot.cancel({ interviewId })
    expect(await runBotJobs()).toEqual([{ kind: 'cancel-meeting-bot', outcome: 'succeeded' }])
    expect(provider.of('cancel').at(-1)).toMatchObject({ path: `/bots/${botId}`, authorization: `Token ${apiKey}` })
    expect(provider.of('deleteRecording').at(-1)?.path).toBe(`/bots/${botId}/recording`)
    const cancelled = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'meeting_bot.cancelled' } })
    expect(cancelled.metadata).toMatchObject({ botId, after: { status: 'bot_cancelled' } })
    // Its late reports change nothing; a recording it still announces is not fetched, and the provider deletes it.
    expect((await deliver(event('bot.status_changed', { bot_id: botId, status: 'in_call_recording' }))).body.status).toBe(
      'ignored',
    )
    expect((await deliver(event('recording.ready', { bot_id: botId }))).body.status).toBe('ignored')
    expect(await runBotJobs()).toEqual([{ kind: 'delete-meeting-bot-recording', outcome: 'succeeded' }])
    expect(provider.of('recording').filter((r) => r.path.includes(botId))).toHaveLength(0)
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('bot_cancelled')
    // And a new one may be sent.
    await caller.meetingBot.send({ interviewId })
    expect(await runBotJobs()).toEqual([{ kind: 'dispatch-meeting-bot', outcome: 'succeeded' }])
  })
})

describe('the provider’s webhooks', () => {
  it('accept only a fresh, valid signature over the exact bytes and a well-formed event; else nothing is stored', async () => {
    const { botId, interviewId } = await dispatched()
    const events = () => db.prisma.meetingBotEvent.count()
    const before = await events()
    const body = JSON.stringify(event('bot.status_changed', { bot_id: botId, status: 'joining_call' }))
    expect((await deliver(body, { header: null })).status).toBe(401)
    expect((await deliver(body, { secret: 'not-the-secret-not-the-secret' })).status).toBe(401)
    // One hex digit changed.
    const tampered = signature(body).replace(/v1=(.)/, (_, digit: string) => `v1=${digit === '0' ? '1' : '0'}`)
    expect((await deliver(body, { header: tampered })).status).toBe(401)
    expect((await deliver(body, { header: 'v1=abc' })).status).toBe(401)
    // Signed for other bytes (one space added).
    expect((await deliver(`${body} `, { header: signature(body) })).status).toBe(401)
    const stale = await deliver(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })
    expect(stale).toMatchObject({ status: 401, body: { error: expect.stringMatching(/timestamp/) as string } })
    expect((await deliver(body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401)
    expect(await events()).toBe(before)
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('ready')

    expect((await deliver('{not json')).status).toBe(400)
    expect((await deliver({ id: 'evt_1', type: 'bot.status_changed', data: { bot_id: botId } })).status).toBe(400)
    expect((await deliver({ id: 'evt_2', type: 'recording.ready', data: { bot_id: '../etc/passwd' } })).status).toBe(400)
    expect((await deliver({ type: 'recording.ready', data: { bot_id: botId } })).status).toBe(400)
    expect((await deliver([])).status).toBe(400)
    expect(await events()).toBe(before)
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('ready')
  })

  it('store each status change once, audited (replays, unknown bots harmless), and never undo a settled outcome', async () => {
    const { org, caller, botId, interviewId } = await dispatched()
    const joining = event('bot.status_changed', { bot_id: botId, status: 'in_waiting_room' })
    expect(await deliver(joining)).toEqual({ status: 200, body: { received: true, status: 'processed' } })
    expect(await caller.meetingBot.get({ interviewId })).toMatchObject({
      status: 'in_waiting_room',
      label: 'In the waiting room: let the recorder in',
    })
    const audited = await db.prisma.auditEvent.count({ where: { orgId: org.id } })
    // The same event again: nothing happens.
    await deliver(event('bot.status_changed', { bot_id: botId, status: 'in_call_recording' }))
    expect(await deliver(joining)).toEqual({ status: 200, body: { received: true, status: 'duplicate' } })
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('in_call_recording')
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id } })).toBe(audited + 1)
    const last = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id }, orderBy: { seq: 'desc' } })
    expect(last).toMatchObject({ action: 'meeting_bot.status_changed', actorType: 'SYSTEM' })
    expect(last.metadata).toMatchObject({ botId, before: { status: 'in_waiting_room' }, after: { status: 'in_call_recording' } })

    // A provider's "cancelled" is the bot's, never the meeting's.
    const other = await dispatched()
    await deliver(event('bot.status_changed', { bot_id: other.botId, status: 'cancelled' }))
    expect((await interviewRow(other.interviewId)).meetingBotStatus).toBe('bot_cancelled')
    expect((await other.caller.interview.get({ interviewId: other.interviewId })).cancelled).toBe(false)

    // A bot that is not ours: answered, recorded, ignored.
    expect((await deliver(event('bot.status_changed', { bot_id: 'bot_unknown', status: 'done' }))).body.status).toBe('ignored')
    expect((await deliver(event('recording.ready', { bot_id: 'bot_unknown' }))).body.status).toBe('ignored')
    expect(await db.prisma.backgroundJob.count({ where: { key: 'meeting-bot-recording:bot_unknown' } })).toBe(0)
    // An event type we do not use.
    expect((await deliver(event('bot.transcript_ready', { bot_id: botId }))).body.status).toBe('ignored')

    // bot.failed keeps only a code word as the reason; later reports do not revive the bot.
    await deliver(event('bot.failed', { bot_id: botId, reason: 'meeting_not_found' }))
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('failed')
    const failed = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id }, orderBy: { seq: 'desc' } })
    expect(failed).toMatchObject({ success: false })
    expect(failed.metadata).toMatchObject({ reason: 'meeting_not_found' })
    expect((await deliver(event('bot.status_changed', { bot_id: botId, status: 'in_call_recording' }))).body.status).toBe(
      'ignored',
    )
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('failed')
  })

  it('recording.ready brings the recording in like an upload: stored, hashed, transcribed; provider copy deleted', async () => {
    const { org, owner, caller, botId, interviewId } = await dispatched()
    const wav = toneWav()
    provider.recordings.set(botId, wav)
    expect(await deliver(event('recording.ready', { bot_id: botId }))).toMatchObject({
      status: 200,
      body: { status: 'processed' },
    })
    expect(await caller.meetingBot.get({ interviewId })).toMatchObject({ status: 'recording_ready', recallable: false })
    await expectTRPCError(caller.meetingBot.cancel({ interviewId }), 'CONFLICT')

    expect(await runBotJobs()).toEqual([
      { kind: 'fetch-meeting-recording', outcome: 'succeeded' },
      { kind: 'delete-meeting-bot-recording', outcome: 'succeeded' },
    ])
    const recording = await db.prisma.recording.findUniqueOrThrow({ where: { interviewId } })
    expect(recording).toMatchObject({
      contentType: 'audio/wav',
      sizeBytes: BigInt(wav.length),
      sha256: sha256(wav),
      uploadedById: owner.id,
    })
    expect(recording.fileName).toBe('meeting-recording.wav')
    expect(await getBlobStore(env).size(recording.storageKey)).toBe(wav.length)
    const transcription = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: `transcribe:${recording.id}` } })
    expect(transcription).toMatchObject({ kind: 'transcribe-recording', status: 'QUEUED', orgId: org.id })
    expect(transcription.payload).toMatchObject({ recordingId: recording.id })
    expect(provider.of('recording').at(-1)).toMatchObject({ path: `/bots/${botId}/recording`, authorization: `Token ${apiKey}` })
    expect(provider.of('deleteRecording').at(-1)?.path).toBe(`/bots/${botId}/recording`)
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('recording_received')
    const received = await db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.id, action: 'meeting_bot.recording_received' },
    })
    expect(received.metadata).toMatchObject({ botId, sha256: sha256(wav), sizeBytes: wav.length, contentType: 'audio/wav' })
    expect((await caller.interview.progress({ interviewId })).recording).toMatchObject({ sha256: sha256(wav) })

    // The same news again (a new event id): nothing more is fetched or stored.
    const downloads = provider.of('recording').length
    expect((await deliver(event('recording.ready', { bot_id: botId }))).body.status).toBe('ignored')
    expect(await runBotJobs()).toEqual([])
    expect(provider.of('recording')).toHaveLength(downloads)
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(1)
    // Deleted by a member afterwards: a late repeat does not bring it back.
    await caller.interview.deleteRecording({ interviewId })
    expect((await deliver(event('recording.ready', { bot_id: botId }))).body.status).toBe('ignored')
    expect(await runBotJobs()).toEqual([])
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(0)
  })

  it('does not keep a recording whose candidate withdrew consent meanwhile, and has the provider delete it', async () => {
    const { org, candidate, caller, botId, interviewId } = await dispatched()
    provider.recordings.set(botId, toneWav())
    await caller.consent.recordInPerson({
      candidateId: candidate.id,
      language: 'en',
      version: noticeHash(noticeTemplate('gdpr', 'en')),
      answers: { RECORDING: false },
    })
    const downloads = provider.of('recording').length
    await deliver(event('recording.ready', { bot_id: botId }))
    expect(await runBotJobs()).toEqual([
      { kind: 'fetch-meeting-recording', outcome: 'succeeded' },
      { kind: 'delete-meeting-bot-recording', outcome: 'succeeded' },
    ])
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(0)
    expect(provider.of('recording')).toHaveLength(downloads)
    expect(provider.of('deleteRecording').at(-1)?.path).toBe(`/bots/${botId}/recording`)
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('recording_refused')
    expect(await actionsOf(org.id)).toContain('meeting_bot.recording_refused')
    expect(await caller.meetingBot.get({ interviewId })).toMatchObject({
      label: 'Recording not kept: the candidate no longer agrees to being recorded',
    })
  })

  it('retries a download the provider could not serve (5xx); gives up on a refusal (4xx) or a non-audio file', async () => {
    const { botId, interviewId } = await dispatched()
    const wav = toneWav(1)
    provider.recordings.set(botId, wav)
    provider.fail('recording', 502)
    await deliver(event('recording.ready', { bot_id: botId }))
    expect(await runBotJobs()).toEqual([{ kind: 'fetch-meeting-recording', outcome: 'retry' }])
    const waiting = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: `meeting-bot-recording:${botId}` } })
    expect(waiting).toMatchObject({ status: 'QUEUED', attempts: 1 })
    expect(waiting.lastError).toMatch(/answered 502/)
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(0)
    await retryNow()
    expect((await runBotJobs()).map((r) => r.outcome)).toEqual(['succeeded', 'succeeded'])
    expect((await db.prisma.recording.findUniqueOrThrow({ where: { interviewId } })).sha256).toBe(sha256(wav))

    const refused = await dispatched()
    provider.recordings.set(refused.botId, wav)
    provider.fail('recording', 404)
    await deliver(event('recording.ready', { bot_id: refused.botId }))
    expect(await runBotJobs()).toEqual([{ kind: 'fetch-meeting-recording', outcome: 'failed' }])
    expect((await interviewRow(refused.interviewId)).meetingBotStatus).toBe('failed')
    expect((await refused.caller.meetingBot.get({ interviewId: refused.interviewId })).error).toMatch(/answered 404/)
    expect(
      await db.prisma.auditEvent.count({
        where: { orgId: refused.org.id, action: 'meeting_bot.status_changed', success: false },
      }),
    ).toBe(1)
    // The provider announces it again later: the download is queued anew and succeeds.
    await deliver(event('recording.ready', { bot_id: refused.botId }))
    expect((await runBotJobs()).map((r) => r.outcome)).toEqual(['succeeded', 'succeeded'])
    expect(await db.prisma.recording.count({ where: { interviewId: refused.interviewId } })).toBe(1)

    const notAudio = await dispatched()
    provider.recordings.set(notAudio.botId, new TextEncoder().encode('<html>Sign in to download</html>'.padEnd(200, ' ')))
    await deliver(event('recording.ready', { bot_id: notAudio.botId }))
    expect(await runBotJobs()).toEqual([{ kind: 'fetch-meeting-recording', outcome: 'failed' }])
    expect((await notAudio.caller.meetingBot.get({ interviewId: notAudio.interviewId })).error).toMatch(
      /not an audio or video recording/,
    )
    expect(await db.prisma.recording.count({ where: { interviewId: notAudio.interviewId } })).toBe(0)
  })

  it('caps the download at RECORDING_MAX_MB', async () => {
    const small: Env = { ...env, RECORDING_MAX_MB: 1 }
    const { botId, interviewId, caller } = await dispatched()
    provider.recordings.set(botId, toneWav(40)) // 1.28 MB
    await deliver(event('recording.ready', { bot_id: botId }))
    expect(await runBotJobs(small)).toEqual([{ kind: 'fetch-meeting-recording', outcome: 'failed' }])
    expect((await caller.meetingBot.get({ interviewId })).error).toMatch(/larger than the limit of 1 MB/)
    expect(await db.prisma.recording.count({ where: { interviewId } })).toBe(0)
  })

  it('is served at POST /webhooks/meeting-bot (any other method is 405), and is off without the settings', async () => {
    const { botId, interviewId } = await dispatched()
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MEETING_BOT_API_URL: provider.url,
      MEETING_BOT_API_KEY: apiKey,
      MEETING_BOT_WEBHOOK_SECRET: webhookSecret,
    })
    setDatabase(db)
    const route = await import('../../app/routes/webhooks.meeting-bot')
    const body = JSON.stringify(event('bot.status_changed', { bot_id: botId, status: 'joining_call' }))
    const post = (headers: Record<string, string>) =>
      route.action({
        request: new Request('http://127.0.0.1/webhooks/meeting-bot', { method: 'POST', body, headers }),
        context: { meta: testMeta() } as never,
        params: {},
      })
    expect((await post({ 'x-hireproof-bot-signature': 't=1,v1=' + '0'.repeat(64) })).status).toBe(401)
    const ok = await post({ 'x-hireproof-bot-signature': signature(body), 'content-type': 'application/json' })
    expect(ok.status).toBe(200)
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('joining_call')
    const put = await route.action({
      request: new Request('http://127.0.0.1/webhooks/meeting-bot', { method: 'PUT', body }),
      context: {} as never,
      params: {},
    })
    expect(put.status).toBe(405)

    const request = new Request('http://127.0.0.1/webhooks/meeting-bot', {
      method: 'POST',
      body,
      headers: { 'x-hireproof-bot-signature': signature(body) },
    })
    expect((await meetingBotWebhookResponse(request, { meta: testMeta() }, { env: testEnv, db })).status).toBe(404)
  })
})

describe('settings and the meeting mailbox', () => {
  it('needs all three settings, an https API address (http only on this machine) and a long secret', () => {
    const base = { NODE_ENV: 'test' }
    expect(() => parseEnv({ ...base, MEETING_BOT_API_URL: 'https://bots.example.com' })).toThrow(EnvError)
    const all = {
      MEETING_BOT_API_URL: 'https://bots.example.com/api/v1/',
      MEETING_BOT_API_KEY: 'k',
      MEETING_BOT_WEBHOOK_SECRET: 'x'.repeat(32),
    }
    expect(parseEnv({ ...base, ...all }).meetingBot).toMatchObject({ apiUrl: 'https://bots.example.com/api/v1', apiKey: 'k' })
    expect(() => parseEnv({ ...base, ...all, MEETING_BOT_API_URL: 'http://bots.example.com' })).toThrow(/https/)
    expect(() => parseEnv({ ...base, ...all, MEETING_BOT_WEBHOOK_SECRET: 'short' })).toThrow(/24 characters/)
    expect(parseEnv(base).meetingBot).toBeNull()
  })

  it('a cancelled or moved invite calls the recorder back', async () => {
    const signingKey = 'mailbox-signing-key'
    const domain = 'in.example.test'
    // On the minute (invites carry whole seconds), with a link the mailbox recognises.
    const scheduledAt = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3_600_000)
    const { org, owner, candidate, botId, interviewId } = await dispatched({
      scheduledAt,
      meetingUrl: 'https://us02web.zoom.us/j/81234567?pwd=s3cret',
    })
    const key = crypto.randomBytes(15).toString('hex')
    await db.prisma.organization.update({ where: { id: org.id }, data: { meetingInboxKey: key } })
    const candidateEmail = `${unique('robin')}@example.test`
    await db.prisma.candidate.update({ where: { id: candidate.id }, data: { email: candidateEmail } })
    const uid = `${unique('uid')}@calendar.example`
    await db.prisma.interview.update({ where: { id: interviewId }, data: { calendarUid: uid } })
    const row = await interviewRow(interviewId)
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')
    const ics = (method: string, start: Date) =>
      [
        'BEGIN:VCALENDAR',
        `METHOD:${method}`,
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'SEQUENCE:1',
        `DTSTART:${stamp(start)}`,
        'SUMMARY:Technical interview',
        `ORGANIZER:mailto:${owner.email}`,
        `ATTENDEE:mailto:${candidateEmail}`,
        `LOCATION:${row.meetingUrl}`,
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n')
    const send = (calendar: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000))
      const token = crypto.randomBytes(25).toString('hex')
      const signatureValue = crypto
        .createHmac('sha256', signingKey)
        .update(timestamp + token)
        .digest('hex')
      return receiveInboundEmail(
        db,
        {
          recipients: [`meet+${key}@${domain}`],
          sender: owner.email,
          subject: 'Invite',
          timestamp,
          token,
          signature: signatureValue,
          calendars: [calendar],
        },
        { signingKey, domain },
      )
    }
    // The same time and link: the recorder stays.
    expect((await send(ics('REQUEST', row.scheduledAt!))).outcome).toBe('interview_updated')
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('ready')
    // Moved by an hour: called back, to be sent again for the new time.
    await send(ics('REQUEST', new Date(row.scheduledAt!.getTime() + 3_600_000)))
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('bot_cancelled')
    expect(await runBotJobs()).toEqual([{ kind: 'cancel-meeting-bot', outcome: 'succeeded' }])
    expect(provider.of('cancel').at(-1)?.path).toBe(`/bots/${botId}`)

    // Sent again, then the meeting is cancelled: called back, and the interview shows as cancelled.
    const { caller } = await callerAs(db, owner.id, org.id, env)
    await caller.meetingBot.send({ interviewId })
    expect(await runBotJobs()).toEqual([{ kind: 'dispatch-meeting-bot', outcome: 'succeeded' }])
    const secondBot = (await interviewRow(interviewId)).meetingBotId!
    expect((await send(ics('CANCEL', new Date(row.scheduledAt!.getTime() + 3_600_000)))).outcome).toBe('interview_cancelled')
    expect((await interviewRow(interviewId)).meetingBotStatus).toBe('cancelled')
    expect(await runBotJobs()).toEqual([{ kind: 'cancel-meeting-bot', outcome: 'succeeded' }])
    expect(provider.of('cancel').at(-1)?.path).toBe(`/bots/${secondBot}`)
    expect((await caller.interview.get({ interviewId })).cancelled).toBe(true)
    expect(await caller.meetingBot.get({ interviewId })).toMatchObject({ status: null, joinable: false })
    await expectTRPCError(caller.meetingBot.send({ interviewId }), 'UNPROCESSABLE_CONTENT')
    expect((await actionsOf(org.id)).filter((a) => a === 'meeting_bot.cancelled')).toHaveLength(2)
  })
})
