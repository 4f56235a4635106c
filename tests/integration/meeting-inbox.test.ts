import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs as callerWithTestEnv, createMember, createOrgWithOwner, testEnv, unique } from '../factories'
import { parseEnv } from '../../server/env'
import { expectTRPCError } from './expect-error'
import { setDatabase } from '../../server/db'

/**
 * The meeting mailbox over HTTP, as Mailgun's route posts it (multipart form,
 * signed), on the real database: an invite that includes the mailbox and a
 * candidate schedules the interview with its link; updates move it, a
 * cancellation marks it; forged, replayed, foreign or stranger-sent messages
 * change nothing.
 */
const db = await useTestDatabase()
const signingKey = 'key-test-inbound-signing'
const domain = 'in.hireproof.test'
const env = parseEnv({ NODE_ENV: 'test', APP_URL: testEnv.APP_URL, LOG_LEVEL: 'silent', INBOUND_EMAIL_DOMAIN: domain, MAILGUN_WEBHOOK_SIGNING_KEY: signingKey })
const callerAs = (database: typeof db, userId: string, orgId: string) => callerWithTestEnv(database, userId, orgId, env)
const saved = { ...process.env }
let route: typeof import('../../app/routes/webhooks.mailgun.inbound')
beforeAll(async () => {
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent', INBOUND_EMAIL_DOMAIN: domain, MAILGUN_WEBHOOK_SIGNING_KEY: signingKey })
  setDatabase(db)
  route = await import('../../app/routes/webhooks.mailgun.inbound')
})
afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
  Object.assign(process.env, saved)
})

function invite(input: { uid: string; organizer: string; attendees: string[]; start: string; sequence?: number; method?: string; summary?: string }) {
  return [
    'BEGIN:VCALENDAR',
    `METHOD:${input.method ?? 'REQUEST'}`,
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `SEQUENCE:${input.sequence ?? 0}`,
    `DTSTART;TZID=Europe/Istanbul:${input.start}`,
    `DTEND;TZID=Europe/Istanbul:${input.start.slice(0, 9)}${String(Number(input.start.slice(9, 11)) + 1).padStart(2, '0')}0000`,
    `SUMMARY:${input.summary ?? 'Screening call'}`,
    `ORGANIZER;CN=Recruiter:mailto:${input.organizer}`,
    ...input.attendees.map((a) => `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${a}`),
    'LOCATION:https://meet.google.com/abc-defg-hij',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n')
}

/** Posts the message the way a Mailgun route does; the signature is Mailgun's scheme unless overridden. */
async function deliver(input: { to: string; from: string; ics?: string; token?: string; timestamp?: number; signature?: string }) {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000))
  const token = input.token ?? crypto.randomBytes(25).toString('hex')
  const form = new FormData()
  form.set('recipient', input.to)
  form.set('sender', input.from)
  form.set('subject', 'Invitation: Screening call')
  form.set('body-plain', 'You have been invited.')
  form.set('timestamp', timestamp)
  form.set('token', token)
  form.set('signature', input.signature ?? crypto.createHmac('sha256', signingKey).update(timestamp + token).digest('hex'))
  if (input.ics) form.set('attachment-1', new Blob([input.ics], { type: 'text/calendar; method=REQUEST' }), 'invite.ics')
  const body = new Request('http://x', { method: 'POST', body: form })
  const bytes = new Uint8Array(await body.arrayBuffer())
  const request = new Request('http://127.0.0.1/webhooks/mailgun/inbound', {
    method: 'POST',
    body: bytes,
    headers: { 'content-type': body.headers.get('content-type')!, 'content-length': String(bytes.length) },
  })
  const response = await route.action({ request, context: {} as never, params: {} })
  return { status: response.status, body: (await response.json()) as { outcome?: string; detail?: string; error?: string }, token }
}

async function setup() {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id)
  const ownerEmail = (await db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).email
  const job = await caller.job.create({ title: 'Analyst', description: '', location: '', region: 'EU', currency: 'EUR' })
  const candidateEmail = `${unique('deniz')}@example.com`
  const { id: candidateId } = await caller.candidate.create({ name: 'Deniz', email: candidateEmail.toUpperCase(), location: '', jobId: job.id })
  const { address } = await caller.meetingInbox.set({ enabled: true })
  return { org, owner, caller, ownerEmail, candidateEmail, candidateId, address: address! }
}

const interviewsOf = (candidateId: string) => db.prisma.interview.findMany({ where: { application: { candidateId } } })

describe('the meeting mailbox', () => {
  it('schedules the interview from an invite, moves it on an update, marks a cancellation', async () => {
    const { org, ownerEmail, candidateEmail, candidateId, address, caller } = await setup()
    expect(address).toMatch(new RegExp(`^meet\\+[0-9a-f]{30}@${domain.replace(/\./g, '\\.')}$`))
    const uid = `${unique('uid')}@calendar.example`
    const first = await deliver({ to: address, from: ownerEmail, ics: invite({ uid, organizer: ownerEmail, attendees: [candidateEmail, address], start: '20261201T160000' }) })
    expect(first).toMatchObject({ status: 200, body: { outcome: 'interview_created' } })
    const [interview] = await interviewsOf(candidateId)
    expect(interview).toMatchObject({
      title: 'Screening call',
      scheduledAt: new Date('2026-12-01T13:00:00Z'),
      endsAt: new Date('2026-12-01T14:00:00Z'),
      meetingUrl: 'https://meet.google.com/abc-defg-hij',
      calendarUid: uid,
    })
    expect(await db.prisma.interviewParticipant.count({ where: { interviewId: interview!.id } })).toBe(1)
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'interview.scheduled_from_invite' } })
    expect(event.actorType).toBe('SYSTEM')

    const moved = await deliver({ to: address, from: ownerEmail, ics: invite({ uid, organizer: ownerEmail, attendees: [candidateEmail], start: '20261202T100000', sequence: 1 }) })
    expect(moved.body.outcome).toBe('interview_updated')
    expect((await interviewsOf(candidateId))[0]!.scheduledAt).toEqual(new Date('2026-12-02T07:00:00Z'))

    const cancelled = await deliver({ to: address, from: ownerEmail, ics: invite({ uid, organizer: ownerEmail, attendees: [candidateEmail], start: '20261202T100000', sequence: 2, method: 'CANCEL' }) })
    expect(cancelled.body.outcome).toBe('interview_cancelled')
    expect(await interviewsOf(candidateId)).toHaveLength(1)
    expect((await interviewsOf(candidateId))[0]!.meetingBotStatus).toBe('cancelled')

    const log = await caller.meetingInbox.get()
    expect(log.received.map((r) => r.outcome)).toEqual(['interview_cancelled', 'interview_updated', 'interview_created'])
  })

  it('changes nothing for forged, stale, replayed, foreign or stranger-sent messages', async () => {
    const { ownerEmail, candidateEmail, candidateId, address } = await setup()
    const ics = (uid: string) => invite({ uid, organizer: ownerEmail, attendees: [candidateEmail], start: '20261201T160000' })
    const inboxRows = () => db.prisma.inboundEmail.count()
    const before = await inboxRows()

    expect((await deliver({ to: address, from: ownerEmail, ics: ics('a'), signature: 'f'.repeat(64) })).status).toBe(401)
    expect((await deliver({ to: address, from: ownerEmail, ics: ics('b'), timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401)
    expect(await inboxRows()).toBe(before)

    // A stranger may not schedule interviews, even with the right address.
    const stranger = await deliver({ to: address, from: 'someone@elsewhere.example', ics: invite({ uid: 'c', organizer: 'someone@elsewhere.example', attendees: [candidateEmail], start: '20261201T160000' }) })
    expect(stranger.body).toEqual({ outcome: 'ignored', detail: 'Neither the sender nor the organizer is an active member of the organization.' })
    // Another organization's address, a made-up key, no invite at all, a candidate who is not invited.
    const other = await setup()
    expect((await deliver({ to: other.address, from: ownerEmail, ics: ics('d') })).body.outcome).toBe('ignored')
    expect((await deliver({ to: `meet+${'0'.repeat(30)}@${domain}`, from: ownerEmail, ics: ics('e') })).body.outcome).toBe('ignored')
    expect((await deliver({ to: address, from: ownerEmail })).body).toMatchObject({ outcome: 'ignored', detail: 'The message has no calendar invite.' })
    expect((await deliver({ to: address, from: ownerEmail, ics: invite({ uid: 'f', organizer: ownerEmail, attendees: ['nobody@example.com'], start: '20261201T160000' }) })).body.outcome).toBe('unmatched')
    expect(await interviewsOf(candidateId)).toHaveLength(0)

    // The same delivery twice: one interview.
    const first = await deliver({ to: address, from: ownerEmail, ics: ics('g') })
    const replay = await deliver({ to: address, from: ownerEmail, ics: ics('g'), token: first.token })
    expect(replay.body).toMatchObject({ outcome: 'ignored', detail: 'Already received (a repeated delivery).' })
    expect(await interviewsOf(candidateId)).toHaveLength(1)

  })

  it('only members with org.update turn it on or off; a new address replaces the old one', async () => {
    const { org, caller, address, ownerEmail, candidateEmail } = await setup()
    const recruiter = await createMember(db, org.id, 'recruiter')
    const { caller: recruiterCaller } = await callerAs(db, recruiter.id, org.id)
    await expectTRPCError(recruiterCaller.meetingInbox.set({ enabled: false }), 'FORBIDDEN')
    expect((await recruiterCaller.meetingInbox.get()).address).toBe(address)
    const { address: renewed } = await caller.meetingInbox.set({ enabled: true })
    expect(renewed).not.toBe(address)
    const ics = invite({ uid: unique('uid'), organizer: ownerEmail, attendees: [candidateEmail], start: '20261201T160000' })
    expect((await deliver({ to: address, from: ownerEmail, ics })).body.outcome).toBe('ignored')
    await caller.meetingInbox.set({ enabled: false })
    expect((await caller.meetingInbox.get()).address).toBeNull()
    expect((await deliver({ to: renewed!, from: ownerEmail, ics })).body.outcome).toBe('ignored')
  })
})
