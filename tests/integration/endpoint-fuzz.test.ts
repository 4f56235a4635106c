import crypto from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { startScimHttp } from '../support/scim-http'
import { callerAs, createOrgWithOwner, testEnv, testMeta, unique } from '../factories'
import { parseEnv } from '../../server/env'
import { errorSchema } from '../../server/scim/errors'
import { enterpriseUserSchema, userSchema } from '../../server/scim/resources'
import { meetingBotWebhookResponse } from '../../app/utils/meeting-bot-webhook.server'
import { receiveInboundEmail } from '../../server/services/meetings/inbox'
import { AppError } from '../../server/errors'
import { parseIcs, IcsError } from '../../server/calendar/ics'

/**
 * The endpoints that are not tRPC procedures, fed with fast-check input the
 * way an attacker or a broken client would: SCIM over HTTP (bodies, filters,
 * PATCH operations), the meeting-bot webhook with correctly signed but
 * arbitrary bodies, the meeting mailbox with correctly signed messages
 * carrying arbitrary subjects, senders and calendars, and the calendar parser itself. None may
 * answer 5xx or show a stack trace; SCIM errors use the SCIM error schema;
 * a refusal stores nothing. FUZZ_RUNS sets the inputs per endpoint.
 */
const db = await useTestDatabase()
const runs = Number(process.env.FUZZ_RUNS ?? 10) * 3
const leaks = /\n\s+at |node_modules|\/server\/|\.ts:\d+|Prisma|SELECT /

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\ud800', '"', '\\', '../..', 'userName eq "x" or 1 eq 1', 'a[b[c[d]]]', 'x'.repeat(10_000), ''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.object({ maxDepth: 2 }),
)
const mutated = (valid: Record<string, unknown>) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(valid)), hostile).map(([key, value]) => ({ ...valid, [key]: value })),
    fc.tuple(fc.string({ maxLength: 30 }), hostile).map(([key, value]) => ({ ...valid, [key]: value })),
  )

async function rowCounts(tables: string[]) {
  const sql = tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL ')
  return Object.fromEntries((await db.query<{ t: string; n: number }>(sql)).map((r) => [r.t, r.n]))
}

describe('SCIM over HTTP', () => {
  let scimHttp: Awaited<ReturnType<typeof startScimHttp>>
  let base = ''
  let token = ''
  let userId = ''
  beforeAll(async () => {
    scimHttp = await startScimHttp(db)
    base = scimHttp.base
    const { org, owner } = await createOrgWithOwner(db, unique('scim-fuzz'), { plan: 'ENTERPRISE' })
    await db.prisma.verifiedDomain.create({ data: { orgId: org.id, domain: 'example.test', verificationToken: 'test', verifiedAt: new Date() } })
    const { caller } = await callerAs(db, owner.id, org.id)
    token = (await caller.scim.createToken({ name: 'Fuzz' })).token
    const created = await send('POST', '/Users', validUser('fuzz.base@example.test'))
    expect(created.status).toBe(201)
    userId = created.body.id as string
  })
  afterAll(() => scimHttp.close())

  const validUser = (userName: string) => ({
    schemas: [userSchema, enterpriseUserSchema],
    userName,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
  })

  async function send(method: string, path: string, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    let parsed: Record<string, unknown> = {}
    try {
      parsed = text ? JSON.parse(text) : {}
    } catch {
      parsed = { unparsable: text }
    }
    return { status: response.status, body: parsed, text }
  }

  function expectClearAnswer(answer: Awaited<ReturnType<typeof send>>) {
    expect(answer.status, answer.text).toBeLessThan(500)
    expect(answer.text).not.toMatch(leaks)
    if (answer.status >= 400) {
      expect(answer.body.schemas, answer.text).toEqual([errorSchema])
      expect(answer.body.status).toBe(String(answer.status))
    }
  }
  const scimTables = ['User', 'Membership', 'ScimGroup', 'ScimGroupMember']

  it('POST /Users with arbitrary bodies: a clear SCIM answer, and nothing stored when refused', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      mutated(validUser('fuzz.other@example.test')),
    )
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        const before = await rowCounts(scimTables)
        const answer = await send('POST', '/Users', input)
        expectClearAnswer(answer)
        if (answer.status >= 400) expect(await rowCounts(scimTables)).toEqual(before)
        if (answer.status === 201) await send('DELETE', `/Users/${answer.body.id as string}`)
      }),
      { numRuns: runs },
    )
  })

  it('GET /Users with arbitrary filters, pages and sorts: a clear SCIM answer', async () => {
    const query = fc.record({
      filter: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('userName eq "a"', 'emails[type eq "work"].value co "@"', 'not (active pr)', 'x eq', '((((')),
      startIndex: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
      count: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
    })
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const search = new URLSearchParams({ filter: q.filter, startIndex: String(q.startIndex), count: String(q.count) })
        expectClearAnswer(await send('GET', `/Users?${search}`))
      }),
      { numRuns: runs },
    )
  })

  it('PATCH /Users/:id with arbitrary operations: a clear SCIM answer, and nothing changed when refused', async () => {
    const operation = fc.record({
      op: fc.oneof(fc.constantFrom('add', 'replace', 'remove', 'Replace'), fc.string({ maxLength: 8 })),
      path: fc.oneof(fc.constant(undefined), fc.constantFrom('active', 'name.givenName', 'emails[type eq "work"].value', 'members', 'x[y'), fc.string({ maxLength: 30 })),
      value: fc.oneof(fc.constant(undefined), hostile),
    })
    const body = fc.oneof(
      fc.array(operation, { maxLength: 4 }).map((Operations) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations })),
      fc.jsonValue({ maxDepth: 3 }),
    )
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        const before = (await send('GET', `/Users/${userId}`)).body
        const answer = await send('PATCH', `/Users/${userId}`, input)
        expectClearAnswer(answer)
        if (answer.status >= 400) expect((await send('GET', `/Users/${userId}`)).body).toEqual(before)
      }),
      { numRuns: runs },
    )
  })
})

describe('meeting-bot webhook, signed but arbitrary', () => {
  const secret = crypto.randomBytes(24).toString('hex')
  const env = parseEnv({
    NODE_ENV: 'test',
    APP_URL: testEnv.APP_URL,
    LOG_LEVEL: 'silent',
    STORAGE_DIR: testEnv.STORAGE_DIR,
    MEETING_BOT_API_URL: 'http://127.0.0.1:9/',
    MEETING_BOT_API_KEY: 'fuzz',
    MEETING_BOT_WEBHOOK_SECRET: secret,
  })
  async function deliver(body: string) {
    const t = Math.floor(Date.now() / 1000)
    const mac = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
    const request = new Request('http://127.0.0.1/webhooks/meeting-bot', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hireproof-bot-signature': `t=${t},v1=${mac}` },
    })
    const response = await meetingBotWebhookResponse(request, { meta: testMeta() }, { env, db })
    return { status: response.status, text: await response.text() }
  }

  it('answers 200 or 400, never 5xx, and shows no internals', async () => {
    const validEvent = { id: 'evt_1', type: 'bot.status_changed', data: { bot_id: 'bot_1', status: 'in_call_recording' } }
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      mutated(validEvent).map((v) => JSON.stringify(v)),
      fc.record({ id: fc.string(), type: fc.constantFrom('bot.status_changed', 'recording.ready', 'bot.failed'), data: fc.object({ maxDepth: 2 }) }).map((v) => JSON.stringify(v)),
    )
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        const answer = await deliver(input)
        expect([200, 400], answer.text).toContain(answer.status)
        expect(answer.text).not.toMatch(leaks)
      }),
      { numRuns: runs },
    )
  })
})

describe('meeting mailbox and calendar parser, arbitrary invites', () => {
  const signingKey = crypto.randomBytes(16).toString('hex')
  const domain = 'in.example.test'
  const invite = (lines: string[]) => ['BEGIN:VCALENDAR', 'METHOD:REQUEST', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n')
  const line = fc.oneof(
    fc.constantFrom(
      'UID:abc',
      'DTSTART;TZID=Europe/Istanbul:20261201T100000',
      'DTSTART:20261301T250000Z',
      'DTSTART;TZID=Mars/Olympus:20261201T100000',
      'DTEND:20261201T110000Z',
      'ORGANIZER:mailto:',
      'ATTENDEE;CN="x":mailto:cand@example.test',
      'LOCATION:https://meet.google.com/abc-defg-hij',
      'SEQUENCE:-99999999999999999999',
      ' folded continuation',
      'BEGIN:VEVENT',
      'END:VCALENDAR',
    ),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.tuple(fc.constantFrom('UID', 'DTSTART', 'ATTENDEE', 'ORGANIZER', 'SUMMARY', 'X-FOO;A=B'), fc.string({ unit: 'binary', maxLength: 60 })).map(
      ([k, v]) => `${k}:${v}`,
    ),
  )
  const calendars = fc.oneof(fc.array(line, { maxLength: 15 }).map(invite), fc.string({ unit: 'binary', maxLength: 500 }))

  it('the parser returns events or an IcsError, nothing else', () => {
    fc.assert(
      fc.property(calendars, (text) => {
        try {
          expect(Array.isArray(parseIcs(text))).toBe(true)
        } catch (error) {
          expect(error).toBeInstanceOf(IcsError)
        }
      }),
      { numRuns: runs * 20 },
    )
  })

  it('a correctly signed message with any calendar is handled or logged, never an error', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const key = crypto.randomBytes(15).toString('hex')
    await db.prisma.organization.update({ where: { id: org.id }, data: { meetingInboxKey: key } })
    const sender = (await db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).email
    await fc.assert(
      fc.asyncProperty(fc.array(calendars, { minLength: 1, maxLength: 2 }), fc.option(hostile), fc.option(hostile), async (texts, subject, from) => {
        const timestamp = String(Math.floor(Date.now() / 1000))
        const token = crypto.randomBytes(25).toString('hex')
        const signature = crypto.createHmac('sha256', signingKey).update(timestamp + token).digest('hex')
        const outcome = await receiveInboundEmail(
          db,
          {
            recipients: [`meet+${key}@${domain}`],
            // Anyone on the internet writes the subject and the sender line; Mailgun's signature covers neither.
            sender: typeof from === 'string' ? from : sender,
            subject: typeof subject === 'string' ? subject : 'Invite',
            timestamp,
            token,
            signature,
            calendars: texts,
          },
          { signingKey, domain },
        ).catch((error: unknown) => error)
        expect(outcome).not.toBeInstanceOf(Error)
        expect(outcome).not.toBeInstanceOf(AppError)
        expect(JSON.stringify(outcome)).not.toMatch(leaks)
      }),
      { numRuns: runs },
    )
  })
})
