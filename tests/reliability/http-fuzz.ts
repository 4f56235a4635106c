// Property-based fuzzing over real HTTP, against the production build, of the endpoints that are not tRPC procedures
// and that tests/integration/endpoint-fuzz.test.ts does not reach over HTTP: the Stripe, Mailgun and Clerk webhooks
// (correctly signed but otherwise arbitrary bodies, and a few unsigned or wrongly signed ones), the SAML ACS, and the
// three upload routes (interview recording, CV, video answer take).
// Contracts: no 5xx; no stack trace, source path, SQL, ORM or driver name in an answer; a refused request stores nothing
// (rows counted before and after; uploads: files under STORAGE_DIR listed too); an upload whose bytes are not an
// accepted type is 415; a genuine small file is accepted once (201).
// Run: node --import tsx tests/reliability/http-fuzz.ts    (FUZZ_RUNS inputs per property, default 300)
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import pg from 'pg'
import { CookieJar, callProcedure, demoOwner, freshDatabase, startAppProcess, type AppProcess } from '../support/app-process'
import { eventJson, startStripeServer, subscriptionJson, type StripeServer } from '../support/stripe-server'
import {
  clerkMembershipJson,
  clerkOrgJson,
  clerkSessionJson,
  clerkUserJson,
  generateSigningKey,
  startClerkApi,
} from '../support/clerk-api'
import { createTestIdp, type TestResponseOptions } from '../support/saml-idp'
import { parseAuthnRequest } from '../support/saml-idp-server'
import { consentingInterview, wavFile } from './support/recruiting'
import { runPart, type CheckResult } from './report'

const port = 3340
const runs = Number(process.env.FUZZ_RUNS ?? 300)
/** Unsigned or wrongly signed requests per webhook: the refusal path is short, a few cover it. */
const fewRuns = Math.max(20, Math.round(runs / 10))
const stripeKey = 'sk_test_httpfuzz'
const enterprisePrice = 'price_httpfuzzenterprise'
const inboundDomain = 'in.fuzz.test'
const secrets = {
  stripe: `whsec_${crypto.randomBytes(24).toString('base64')}`,
  mailgun: crypto.randomBytes(16).toString('hex'),
  clerk: `whsec_${crypto.randomBytes(24).toString('base64')}`,
}

// ---------------------------------------------------------------------------------------------------------------------
// What every request is judged by

type Answer = { status: number; text: string; location: string; cookies: string[] }
/** A fetch request; bytes may be a Buffer; `duplex` for a streamed body. */
type Sendable = Omit<RequestInit, 'headers' | 'body'> & {
  headers?: Record<string, string>
  body?: BodyInit | Buffer
  duplex?: 'half'
}

/** An address of the benchmarking range, for X-Forwarded-For. */
const anyAddress = () => `198.18.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`

/** A request from an address of its own (the app trusts one proxy hop), so per-address limits never answer for a fuzz input. */
async function send(url: string, init: Sendable): Promise<Answer> {
  const body = Buffer.isBuffer(init.body) ? new Uint8Array(init.body) : init.body
  const headers = { 'x-forwarded-for': anyAddress(), ...init.headers }
  const response = await fetch(url, { ...init, body, redirect: 'manual', headers } as RequestInit).catch((error: Error) => {
    // No answer at all (connection reset, app gone) breaks the contract as surely as a 5xx.
    throw new Error(`no answer: ${error.message} (${(error.cause as Error | undefined)?.message ?? 'no cause'})`)
  })
  const text = await response.text()
  const location = response.headers.get('location') ?? ''
  return { status: response.status, text, location, cookies: response.headers.getSetCookie() }
}

/** What an answer must never show: stack frames, source paths, SQL, the ORM, the database or its driver. */
const internals = new RegExp(
  [
    String.raw`\n\s+at `,
    String.raw`\bat .*:\d+:\d+`,
    String.raw`\.tsx?:\d+`,
    'node_modules',
    '/server/',
    'build/index',
    'prisma',
    'postgres',
    String.raw`\bSELECT `,
    String.raw`\bINSERT INTO`,
    String.raw`\bUPDATE "`,
    'violates',
    'invalid byte sequence',
    'ECONN',
    'TypeError',
    'ReferenceError',
    'undici',
  ].join('|'),
  'i',
)

function leakIn(answer: Answer) {
  let location = answer.location
  try {
    location = decodeURIComponent(location)
  } catch {
    // judged as sent
  }
  return internals.exec(`${answer.text}\n${location}`)?.[0] ?? null
}

async function tableCounts(db: pg.Client, tables: readonly string[]) {
  const counts = tables.map((t) => `(SELECT count(*) FROM "${t}")::int AS "${t}"`)
  return (await db.query<Record<string, number>>(`SELECT ${counts.join(', ')}`)).rows[0]!
}

/** "Recording +1" for each table whose row count moved. */
const moved = (before: Record<string, number>, after: Record<string, number>) =>
  Object.keys(before)
    .filter((t) => after[t] !== before[t])
    .map((t) => `${t} ${after[t]! > before[t]! ? '+' : ''}${after[t]! - before[t]!}`)

const thousands = (n: number) => n.toLocaleString('en').replace(/,/g, ' ')

/** One property's answers: statuses, refusals, and what went wrong. */
class Tally {
  readonly statuses = new Map<number, number>()
  requests = 0
  refusals = 0
  storedOnRefusal = 0
  leaks = 0
  /** 503s that are a webhook's documented "retry later", not failures. */
  deferred = 0
  constructor(readonly label: string) {}
  count(answer: Answer, refused: boolean, changes: string[]) {
    this.requests++
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1)
    if (refused) this.refusals++
    if (refused && changes.length) this.storedOnRefusal++
    // Status 0: no answer came (the text is this script's).
    if (answer.status !== 0 && leakIn(answer)) this.leaks++
  }
  get serverErrors() {
    return [...this.statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0) - this.deferred
  }
  line() {
    const statuses = [...this.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${thousands(n)} × ${status}`)
    return `${thousands(this.requests)} ${this.label}: ${statuses.join(', ')}`
  }
}

/**
 * The contracts every fuzzed request shares: no 5xx (unless `deferred`: the documented "retry later" of a webhook whose
 * provider API could not be read), no internals shown, nothing stored when refused. Throws what was broken.
 */
function judge(tally: Tally, answer: Answer, changes: string[], options: { refused: boolean; deferred?: boolean }) {
  tally.count(answer, options.refused, changes)
  if (answer.status === 503 && options.deferred) tally.deferred++
  else if (answer.status >= 500) {
    throw new Error(`answered ${answer.status}: ${answer.text.slice(0, 160)}`)
  }
  const leak = leakIn(answer)
  if (leak) throw new Error(`the answer shows "${leak.trim()}": ${answer.text.slice(0, 160)} ${answer.location.slice(0, 160)}`)
  if (options.refused && changes.length) throw new Error(`refused with ${answer.status}, yet stored ${changes.join(', ')}`)
}

/** Runs a property; a broken contract is kept with the (shrunk) input that broke it. */
async function holds<T>(
  failures: string[],
  what: string,
  arbitrary: fc.Arbitrary<T>,
  numRuns: number,
  contract: (input: T) => Promise<void>,
) {
  const details = await fc.check(fc.asyncProperty(arbitrary, contract), { numRuns })
  if (!details.failed) return
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
  const input = fc.stringify(details.counterexample?.[0]).slice(0, 200)
  failures.push(`${what}: ${error.split('\n')[0]!.slice(0, 300)} (input ${input})`)
}

/** Errors the app logged since `mark` (it runs at LOG_LEVEL=error): one per line that does not continue a stack trace. */
const errorsLoggedSince = (app: AppProcess, mark: number) =>
  app
    .log()
    .slice(mark)
    .split('\n')
    .filter((line) => /^\S/.test(line))

/** One check row: the tallies' figures, the shared verdicts, and what else the group checked. */
function verdict(check: string, tallies: Tally[], failures: string[], logged: string[], extra: string[] = []): CheckResult {
  const serverErrors = tallies.reduce((sum, t) => sum + t.serverErrors, 0)
  const leaks = tallies.reduce((sum, t) => sum + t.leaks, 0)
  const stored = tallies.reduce((sum, t) => sum + t.storedOnRefusal, 0)
  const refusals = tallies.reduce((sum, t) => sum + t.refusals, 0)
  const figures = [
    ...tallies.map((t) => t.line()),
    `${serverErrors} × 5xx, ${leaks} answers showing internals`,
    `${thousands(refusals)} refusals, ${stored} of them stored something`,
    `${logged.length} errors logged by the app`,
    ...extra,
    ...failures.map((f) => `FAILED ${f}`),
    ...(logged.length ? [`first error logged: ${logged[0]!.slice(0, 200)}`] : []),
  ]
  return { check, passed: failures.length === 0 && logged.length === 0, figures: figures.join('; ') }
}

// ---------------------------------------------------------------------------------------------------------------------
// Hostile values (this file's own; the idea is endpoint-fuzz.test.ts's)

/** Lone surrogates become U+FFFD once text is encoded (UTF-8, FormData, URLSearchParams): signatures cover what is sent. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const wellFormed = (text: string) => text.replace(loneSurrogate, '\ufffd')

const oddText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 48 }) },
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff x', `"'<>&`, '\\', '../../etc/passwd', '%00', '\r\n'),
  fc.constantFrom('null', '-1', '1e309', '\u202etxt.exe', 'Ω≈ç√', '🧪', 'x'.repeat(5_000), '{{7*7}}', '${7*7}'),
  fc.constant('Robert"); DROP TABLE "User";--'),
)
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddText },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e20, 2 ** 53 + 2),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
)
const hostileText = hostile.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
/** Printable ASCII: what fetch lets into a header value. */
const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => s.trim())

type Path = (string | number)[]
/** Every path to a value inside `value` (keys and indexes), the root excluded. */
function pathsIn(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, child]) => {
    const at = [...prefix, Array.isArray(value) ? Number(key) : key]
    return [at, ...pathsIn(child, at)]
  })
}
function replacedAt(value: unknown, at: Path, by: unknown): unknown {
  if (at.length === 0) return by
  const [head, ...rest] = at
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>
  copy[head!] = replacedAt(copy[head!], rest, by)
  return copy
}
/** Valid-shaped documents with one field, anywhere in them, replaced by a hostile value (or one hostile field added). */
const oneFieldHostile = (valid: fc.Arbitrary<object>) =>
  fc.tuple(valid, fc.nat(), hostile, fc.boolean(), fc.string({ maxLength: 12 })).map(([doc, pick, value, add, key]) => {
    const paths = pathsIn(doc)
    const at = paths[pick % paths.length]!
    return add ? replacedAt(doc, [...at.slice(0, -1), key], value) : replacedAt(doc, at, value)
  })

// ---------------------------------------------------------------------------------------------------------------------
// The app, the demo organization and its data

type Site = {
  app: AppProcess
  db: pg.Client
  storageDir: string
  cookie: string
  csrf: string
  orgId: string
  jobId: string
  applicationId: string
  candidateId: string
  interviewId: string
}

async function prepare(app: AppProcess, db: pg.Client, storageDir: string): Promise<Site> {
  const { interviewId, cookie } = await consentingInterview(app.base, 'HTTP fuzz')
  const csrf = /(?:^|; )[^=]*hp_csrf=([^;]*)/.exec(cookie)?.[1] ?? ''
  const row = (
    await db.query<{ orgId: string; jobId: string; applicationId: string; candidateId: string }>(
      `SELECT a."orgId", a."jobId", a.id AS "applicationId", a."candidateId"
       FROM "Interview" i JOIN "Application" a ON a.id = i."applicationId" WHERE i.id = $1`,
      [interviewId],
    )
  ).rows[0]!
  return { app, db, storageDir, cookie, csrf, interviewId, ...row }
}

const call = <T>(site: Site, name: string, input: unknown, query = false) =>
  callProcedure<T>(site.app.base, site.cookie, name, input, { query })

// ---------------------------------------------------------------------------------------------------------------------
// 1. Webhooks

/** Stripe's scheme: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the whole whsec_ string>. */
function stripeSignature(body: Buffer, secret: string, at = Date.now()) {
  const t = Math.floor(at / 1000)
  return `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`
}

/** Svix's scheme (Clerk): v1,<base64 HMAC-SHA256 of "<id>.<t>.<body>" keyed with the base64-decoded secret after whsec_>. */
function svixHeaders(secret: string, id: string, body: Buffer, at = Date.now()) {
  const t = String(Math.floor(at / 1000))
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const mac = crypto.createHmac('sha256', key).update(`${id}.${t}.`).update(body).digest('base64')
  return { 'svix-id': id, 'svix-timestamp': t, 'svix-signature': `v1,${mac}` }
}

/** Arbitrary text, arbitrary JSON, or `events` (valid-shaped, one field hostile), as the bytes sent. */
const webhookBodies = (events: fc.Arbitrary<unknown>) =>
  fc
    .oneof(
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
      { weight: 6, arbitrary: events.map((v) => JSON.stringify(v)) },
    )
    .map((text) => Buffer.from(wellFormed(text)))

const forgeries = fc.constantFrom('no signature', 'another secret', 'stale timestamp', 'signed another body', 'garbage header')

async function stripeWebhook(site: Site, stripeApi: StripeServer): Promise<CheckResult> {
  const mark = site.app.log().length
  const failures: string[] = []
  const tables = ['StripeEvent', 'AuditEvent', 'Organization'] as const
  const customer = 'cus_httpfuzz'
  const subscription = (status: string, priceId: string) =>
    subscriptionJson({ id: 'sub_httpfuzzknown', customer, status: status as 'active', priceId, orgId: site.orgId })
  const known = subscription('active', enterprisePrice)
  stripeApi.subscriptions.set(known.id, known)
  const eventId = fc.uuid().map((u) => `evt_${u.replace(/-/g, '')}`)
  const objects = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('created', 'updated', 'deleted', 'paused', 'resumed'),
        fc.constantFrom('active', 'trialing', 'past_due', 'canceled', 'unpaid', 'incomplete', 'incomplete_expired', 'paused'),
        fc.constantFrom(enterprisePrice, 'price_other'),
      )
      .map(([verb, status, priceId]) => ({ type: `customer.subscription.${verb}`, object: subscription(status, priceId) })),
    fc.constant({
      type: 'checkout.session.completed',
      object: {
        id: 'cs_test_httpfuzz',
        object: 'checkout.session',
        mode: 'subscription',
        subscription: known.id,
        customer,
        client_reference_id: site.orgId,
        metadata: { orgId: site.orgId },
      },
    }),
    fc.constantFrom('invoice.payment_failed', 'invoice.paid').map((type) => ({
      type,
      object: {
        id: 'in_httpfuzz',
        object: 'invoice',
        customer,
        attempt_count: 1,
        next_payment_attempt: Math.floor(Date.now() / 1000) + 3600,
        parent: { subscription_details: { subscription: known.id } },
      },
    })),
    fc.constant({ type: 'customer.created', object: { id: 'cus_other', object: 'customer' } }),
  )
  const events = fc.tuple(eventId, objects).map(([id, { type, object }]) => eventJson(type, object, { id }))
  const deliver = async (body: Buffer, signature: string | null) => {
    const before = await tableCounts(site.db, tables)
    const asked = stripeApi.requests.length
    const answer = await send(`${site.app.base}/webhooks/stripe`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'stripe-signature': signature }) },
    })
    const changes = moved(before, await tableCounts(site.db, tables))
    // The only 503 allowed: the event names a subscription Stripe's API (the stand-in) does not have; Stripe retries it.
    const reads = stripeApi.requests.slice(asked).filter((r) => r.path.startsWith('/v1/subscriptions/'))
    const unknownRead = reads.some((r) => !stripeApi.subscriptions.has(decodeURIComponent(r.path.split('/').pop()!)))
    return { answer, changes, unknownRead }
  }

  const signed = new Tally('correctly signed bodies')
  await holds(failures, 'signed', webhookBodies(oneFieldHostile(events)), runs, async (body) => {
    const { answer, changes, unknownRead } = await deliver(body, stripeSignature(body, secrets.stripe))
    judge(signed, answer, changes, { refused: answer.status !== 200, deferred: unknownRead })
    if (answer.status === 200 && !/"received":true/.test(answer.text)) throw new Error(`200 without a receipt: ${answer.text}`)
  })

  const unsigned = new Tally('unsigned or wrongly signed')
  const forged = fc.tuple(webhookBodies(events), forgeries, headerText)
  await holds(failures, 'unsigned', forged, fewRuns, async ([body, forgery, garbage]) => {
    const signature = {
      'no signature': null,
      'another secret': stripeSignature(body, `whsec_${crypto.randomBytes(24).toString('base64')}`),
      'stale timestamp': stripeSignature(body, secrets.stripe, Date.now() - 600_000),
      'signed another body': stripeSignature(Buffer.concat([body, Buffer.from(' ')]), secrets.stripe),
      'garbage header': garbage,
    }[forgery]
    const { answer, changes } = await deliver(body, signature)
    judge(unsigned, answer, changes, { refused: true })
    if (answer.status !== 400) throw new Error(`${forgery}: answered ${answer.status}, not 400`)
  })
  return verdict('Stripe webhook (/webhooks/stripe)', [signed, unsigned], failures, errorsLoggedSince(site.app, mark), [
    `${signed.deferred} signed events deferred with 503: they name a subscription Stripe does not have (Stripe retries)`,
  ])
}

async function mailgunWebhook(site: Site): Promise<CheckResult> {
  const mark = site.app.log().length
  const failures: string[] = []
  const tables = ['InboundEmail', 'Interview', 'InterviewParticipant', 'AuditEvent'] as const
  await call(site, 'meetingInbox.set', { enabled: true })
  const { address } = await call<{ address: string }>(site, 'meetingInbox.get', undefined, true)
  // An attendee who is a candidate with an open application, so that a good invite reaches the interview it schedules.
  const attendee = 'fuzz.attendee@example.test'
  await call(site, 'candidate.create', { name: 'Fuzz Attendee', email: attendee, location: 'Leeds', jobId: site.jobId })
  const inviteLines = [
    'UID:http-fuzz-invite',
    'SEQUENCE:0',
    'DTSTART:20301201T100000Z',
    'DTEND:20301201T110000Z',
    'SUMMARY:Technical interview',
    `ORGANIZER:mailto:${demoOwner.email}`,
    `ATTENDEE;CN=Fuzz:mailto:${attendee}`,
    'LOCATION:https://meet.google.com/abc-defg-hij',
  ]
  const icsKeys = ['UID', 'SEQUENCE', 'DTSTART', 'DTSTART;TZID=Europe/London', 'DTEND', 'SUMMARY', 'ORGANIZER', 'ATTENDEE;CN=x']
  icsKeys.push('LOCATION', 'STATUS', 'X-Y')
  // A good invite with one line made hostile (value or whole line), or one hostile line added.
  const calendar = fc
    .tuple(fc.nat(), fc.constantFrom('value', 'line', 'added'), fc.constantFrom(...icsKeys), oddText, fc.boolean())
    .map(([pick, how, key, text, cancelled]) => {
      const lines = [...inviteLines, ...(cancelled ? ['STATUS:CANCELLED'] : [])]
      const at = pick % lines.length
      if (how === 'value') lines[at] = `${lines[at]!.split(':')[0]}:${text}`
      else if (how === 'line') lines[at] = text
      else lines.splice(at, 0, `${key}:${text}`)
      return ['BEGIN:VCALENDAR', 'METHOD:REQUEST', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n')
    })
  const mailgunToken = fc.uint8Array({ minLength: 25, maxLength: 25 }).map((b) => Buffer.from(b).toString('hex'))
  const message = fc.record({
    recipient: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(address, `Meetings <${address}>`, `x@example.test,${address}`) },
      hostileText,
    ),
    sender: fc.oneof({ weight: 3, arbitrary: fc.constant(demoOwner.email) }, hostileText),
    subject: hostileText,
    token: fc.oneof({ weight: 3, arbitrary: mailgunToken }, oddText),
    calendars: fc.array(fc.oneof({ weight: 3, arbitrary: calendar }, oddText), { maxLength: 2 }),
    asFiles: fc.boolean(),
    extra: fc.dictionary(fc.string({ maxLength: 12 }), hostileText, { maxKeys: 3 }),
    multipart: fc.boolean(),
  })
  type Message = typeof message extends fc.Arbitrary<infer M> ? M : never
  const mailgunSignature = (key: string, timestamp: string, token: string) =>
    crypto.createHmac('sha256', key).update(timestamp + token).digest('hex')
  const formOf = (m: Message, auth: { timestamp: string; token: string; signature: string }) => {
    const fields: [string, string | Blob, string?][] = [
      ...Object.entries(m.extra),
      ['recipient', m.recipient],
      ['sender', m.sender],
      ['subject', m.subject],
      ['timestamp', auth.timestamp],
      ['token', auth.token],
      ['signature', auth.signature],
    ]
    m.calendars.forEach((text, i) => {
      const file = new Blob([text], { type: 'text/calendar' })
      if (m.asFiles && m.multipart) fields.push([`attachment-${i + 1}`, file, 'invite.ics'])
      else fields.push([`body-calendar-${i}`, text])
    })
    if (!m.multipart) return new URLSearchParams(fields.map(([k, v]) => [k, String(v)]))
    const form = new FormData()
    for (const [k, v, name] of fields) {
      if (typeof v === 'string') form.append(k, v)
      else form.append(k, v, name)
    }
    return form
  }
  const deliver = async (body: BodyInit, headers: Record<string, string> = {}) => {
    const before = await tableCounts(site.db, tables)
    const answer = await send(`${site.app.base}/webhooks/mailgun/inbound`, { method: 'POST', body, headers })
    return { answer, changes: moved(before, await tableCounts(site.db, tables)) }
  }

  const signed = new Tally('correctly signed messages')
  const outcomes = new Map<string, number>()
  await holds(failures, 'signed', message, runs, async (m) => {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const token = wellFormed(m.token)
    const signature = mailgunSignature(secrets.mailgun, timestamp, token)
    const { answer, changes } = await deliver(formOf(m, { timestamp, token, signature }))
    judge(signed, answer, changes, { refused: answer.status !== 200 })
    const outcome = /"outcome":"(\w+)"/.exec(answer.text)?.[1]
    if (outcome) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    // Mailgun's tokens are 50 hex digits: a message carrying one is genuine, and is handled or logged.
    if (/^[0-9a-f]{50}$/.test(token) && answer.status !== 200) {
      throw new Error(`a genuine message answered ${answer.status}: ${answer.text}`)
    }
  })

  const unsigned = new Tally('unsigned, wrongly signed or not forms')
  const bytesAsText = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'))
  const notForms = fc.tuple(
    fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), bytesAsText),
    fc.constantFrom(
      'text/plain',
      'application/json',
      'multipart/form-data; boundary=fuzz',
      'multipart/form-data',
      'application/x-www-form-urlencoded',
    ),
  )
  await holds(failures, 'unsigned', fc.oneof(fc.tuple(message, forgeries), notForms), fewRuns, async (input) => {
    let result: Awaited<ReturnType<typeof deliver>>
    if (typeof input[0] === 'string') {
      const [text, contentType] = input as [string, string]
      result = await deliver(Buffer.from(text, 'latin1'), { 'content-type': contentType })
    } else {
      const [m, forgery] = input as [Message, string]
      const now = Math.floor(Date.now() / 1000)
      const token = wellFormed(m.token)
      const timestamp = String(forgery === 'stale timestamp' ? now - 3600 : now)
      const signature = {
        'no signature': '',
        'another secret': mailgunSignature(crypto.randomBytes(16).toString('hex'), timestamp, token),
        'stale timestamp': mailgunSignature(secrets.mailgun, timestamp, token),
        'signed another body': mailgunSignature(secrets.mailgun, timestamp, `${token}x`),
        'garbage header': crypto.randomBytes(32).toString('hex'),
      }[forgery]!
      result = await deliver(formOf(m, { timestamp, token, signature }))
    }
    judge(unsigned, result.answer, result.changes, { refused: true })
    if (![401, 406].includes(result.answer.status)) throw new Error(`answered ${result.answer.status}, not 401 or 406`)
  })
  const outcomeLine = [...outcomes].map(([o, n]) => `${thousands(n)} ${o}`).join(', ')
  const check = 'Mailgun inbound webhook (/webhooks/mailgun/inbound)'
  return verdict(check, [signed, unsigned], failures, errorsLoggedSince(site.app, mark), [`signed outcomes: ${outcomeLine}`])
}

async function clerkWebhook(site: Site, users: string[], orgs: string[]): Promise<CheckResult> {
  const mark = site.app.log().length
  const failures: string[] = []
  const tables = ['ClerkWebhookDelivery', 'User', 'Organization', 'Membership', 'Session', 'AuditEvent'] as const
  const user = (id: string) => ({ id, email: `${id}@clerk.fuzz.test` })
  const userId = fc.constantFrom(...users, 'user_httpfuzzunknown')
  const orgId = fc.constantFrom(...orgs)
  const data = fc.oneof(
    fc
      .tuple(fc.constantFrom('user.created', 'user.updated'), userId)
      .map(([type, id]) => ({ type, data: clerkUserJson(user(id)) })),
    userId.map((id) => ({ type: 'user.deleted', data: { id, object: 'user', deleted: true } })),
    fc
      .tuple(fc.constantFrom('organization.created', 'organization.updated'), orgId)
      .map(([type, id]) => ({ type, data: clerkOrgJson({ id, name: 'Fuzz Org' }) })),
    orgId.map((id) => ({ type: 'organization.deleted', data: { id, object: 'organization', deleted: true } })),
    fc
      .tuple(fc.constantFrom('created', 'updated', 'deleted'), orgId, userId, fc.constantFrom('org:admin', 'org:member'))
      .map(([verb, org, id, role]) => ({
        type: `organizationMembership.${verb}`,
        data: clerkMembershipJson({ id: `orgmem_${org}_${id}`, org: { id: org, name: 'Fuzz Org' }, user: user(id), role }),
      })),
    fc
      .tuple(fc.constantFrom('created', 'ended', 'revoked', 'removed'), userId, fc.boolean())
      .map(([verb, id, withUser]) => ({
        type: `session.${verb}`,
        data: clerkSessionJson({ id: `sess_${id}`, user: user(id), status: 'active', withUser }),
      })),
    fc.constant({ type: 'email.created', data: { id: 'ema_httpfuzz', to_email_address: 'someone@example.test' } }),
  )
  const at = Date.now()
  const events = data.map(({ type, data }) => ({
    type,
    object: 'event',
    data,
    timestamp: at,
    instance_id: 'ins_httpfuzz',
    event_attributes: { http_request: { client_ip: '203.0.113.9', user_agent: 'Svix-Webhooks/1.0' } },
  }))
  const deliveryId = fc.oneof(
    { weight: 9, arbitrary: fc.uuid().map((u) => `msg_${u.replace(/-/g, '')}`) },
    headerText.filter((s) => s.length > 0),
  )
  const deliver = async (body: Buffer, headers: Record<string, string>) => {
    const before = await tableCounts(site.db, tables)
    const answer = await send(`${site.app.base}/webhooks/clerk`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    })
    return { answer, changes: moved(before, await tableCounts(site.db, tables)) }
  }

  const signed = new Tally('correctly signed bodies')
  await holds(failures, 'signed', fc.tuple(webhookBodies(oneFieldHostile(events)), deliveryId), runs, async ([body, id]) => {
    const { answer, changes } = await deliver(body, svixHeaders(secrets.clerk, id, body))
    judge(signed, answer, changes, { refused: answer.status !== 200 })
  })
  const unsigned = new Tally('unsigned or wrongly signed')
  const forged = fc.tuple(webhookBodies(events), deliveryId, forgeries, headerText)
  await holds(failures, 'unsigned', forged, fewRuns, async ([body, id, forgery, garbage]) => {
    const now = String(Math.floor(Date.now() / 1000))
    const headers: Record<string, string> = {
      'no signature': {},
      'another secret': svixHeaders(`whsec_${crypto.randomBytes(24).toString('base64')}`, id, body),
      'stale timestamp': svixHeaders(secrets.clerk, id, body, Date.now() - 600_000),
      'signed another body': svixHeaders(secrets.clerk, id, Buffer.concat([body, Buffer.from(' ')])),
      'garbage header': { 'svix-id': id, 'svix-timestamp': now, 'svix-signature': garbage },
    }[forgery]!
    const { answer, changes } = await deliver(body, headers)
    judge(unsigned, answer, changes, { refused: true })
    if (answer.status !== 400) throw new Error(`${forgery}: answered ${answer.status}, not 400`)
  })
  return verdict('Clerk webhook (/webhooks/clerk, Svix-signed)', [signed, unsigned], failures, errorsLoggedSince(site.app, mark))
}

// ---------------------------------------------------------------------------------------------------------------------
// 2. SAML ACS

const samlNs = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
}
const xmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => xmlEscapes[c]!)
const base64Of = (text: string) => Buffer.from(text, 'utf8').toString('base64')
const namespaces = `xmlns:samlp="${samlNs.protocol}" xmlns:saml="${samlNs.assertion}" xmlns:ds="${samlNs.dsig}"`
const rootOpen = `<samlp:Response ${namespaces}`

const laughs = [...'bcde'].map((e, i) => `<!ENTITY ${e} "${`&${'abcd'[i]};`.repeat(10)}">`).join('')
/** Entity expansion, external entities and DTDs: each must be refused, not resolved. */
const doctypes = [
  // "Billion laughs": each entity is the one before it ten times, e is 10^5 a's.
  `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">${laughs}]>`,
  '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>',
  '<!DOCTYPE samlp:Response SYSTEM "http://127.0.0.1:9/saml.dtd">',
  '<!DOCTYPE r [<!ATTLIST saml:Assertion ID ID #IMPLIED>]>',
]

/** SAML-looking XML trees: the protocol's element and attribute names, arbitrary values, entity references. */
const xmlTree = fc.letrec<{ node: string; element: string; text: string }>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, tie('text'), tie('element')),
  text: fc.oneof(
    fc.string({ maxLength: 30 }).map(escapeXml),
    fc.constantFrom('&e;', '&unknown;', '&#0;', '&#x1F600;', '<![CDATA[x]]>', '<!-- c -->', '<?pi x?>'),
  ),
  element: fc
    .record({
      name: fc.constantFrom(
        ...['samlp:Status', 'samlp:StatusCode', 'saml:Assertion', 'saml:Issuer', 'saml:Subject', 'saml:NameID'],
        ...['saml:SubjectConfirmation', 'saml:SubjectConfirmationData', 'saml:Conditions', 'saml:AudienceRestriction'],
        ...['saml:Audience', 'saml:AuthnStatement', 'saml:AttributeStatement', 'saml:Attribute', 'saml:AttributeValue'],
        ...['saml:EncryptedAssertion', 'ds:Signature', 'x:y', 'z'],
      ),
      attributes: fc.array(
        fc.tuple(
          fc.constantFrom('ID', 'Version', 'Destination', 'Value', 'Format', 'Recipient', 'NotOnOrAfter', 'InResponseTo'),
          fc.string({ maxLength: 30 }),
        ),
        { maxLength: 3 },
      ),
      children: fc.array(tie('node'), { maxLength: 4 }),
    })
    .map(({ name, attributes, children }) => {
      const attributeText = attributes.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('')
      return `<${name}${attributeText}>${children.join('')}</${name}>`
    }),
}))
const xmlDocument = fc
  .tuple(
    fc.boolean(),
    fc.option(fc.constantFrom(...doctypes), { nil: undefined }),
    fc.string({ maxLength: 40 }),
    fc.array(xmlTree.node, { maxLength: 4 }),
  )
  .map(([declaration, doctype, id, children]) =>
    [
      declaration ? '<?xml version="1.0" encoding="UTF-8"?>' : '',
      doctype ?? '',
      `${rootOpen} ID="${escapeXml(id)}" Version="2.0">`,
      ...children,
      '</samlp:Response>',
    ].join(''),
  )

/** Near and past the limits: 256 KB decoded (server/auth/saml), 400 000 characters (the procedure), 512 KB of body (route). */
const bulky = (bytes: number) => base64Of(`${rootOpen}><z>${'A'.repeat(bytes)}</z></samlp:Response>`)
const hugeResponses = [
  bulky(261_900),
  bulky(262_300),
  bulky(261_900).replace(/.{76}/g, '$&\r\n'),
  'A'.repeat(400_001),
  'QUFB'.repeat(131_000),
  // 30 000 levels deep, within the size limit.
  base64Of(`${rootOpen}>${'<z>'.repeat(30_000)}${'</z>'.repeat(30_000)}</samlp:Response>`),
]

const samlResponses = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('base64')) },
  { weight: 5, arbitrary: xmlDocument.map(base64Of) },
  { weight: 1, arbitrary: xmlDocument.map((x) => base64Of(x).replace(/.{60}/g, '$&\n')) },
  { weight: 1, arbitrary: fc.constantFrom(...hugeResponses) },
)

const acsForms = fc.record({
  samlResponse: fc.option(samlResponses, { nil: undefined }),
  relayState: fc.option(fc.oneof(fc.constant('test'), hostileText), { nil: undefined }),
  extra: fc.dictionary(fc.string({ maxLength: 10 }), hostileText, { maxKeys: 2 }),
  encoding: fc.oneof(
    { weight: 3, arbitrary: fc.constant('urlencoded') },
    fc.constantFrom('multipart', 'text/plain', 'application/json', 'none', 'streamed'),
  ),
})
type AcsForm = typeof acsForms extends fc.Arbitrary<infer F> ? F : never

function acsRequest(form: AcsForm): Sendable {
  const fields: [string, string][] = [...Object.entries(form.extra)]
  if (form.samlResponse !== undefined) fields.push(['SAMLResponse', form.samlResponse])
  if (form.relayState !== undefined) fields.push(['RelayState', form.relayState])
  const urlencoded = new URLSearchParams(fields).toString()
  switch (form.encoding) {
    case 'multipart': {
      const body = new FormData()
      for (const [k, v] of fields) body.append(k, v)
      return { method: 'POST', body }
    }
    case 'text/plain':
      return { method: 'POST', body: urlencoded, headers: { 'content-type': 'text/plain' } }
    case 'application/json':
      return { method: 'POST', body: JSON.stringify(Object.fromEntries(fields)), headers: { 'content-type': 'application/json' } }
    case 'none':
      return { method: 'POST', body: Buffer.from(urlencoded) }
    case 'streamed': {
      // No Content-Length (chunked): the route cannot know the size before reading.
      const bytes = Buffer.from(urlencoded)
      const body = new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) })
      return { method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/x-www-form-urlencoded' } }
    }
    default:
      return { method: 'POST', body: urlencoded, headers: { 'content-type': 'application/x-www-form-urlencoded' } }
  }
}

async function ssoAcs(site: Site): Promise<CheckResult> {
  const mark = site.app.log().length
  const failures: string[] = []
  const idp = createTestIdp({ entityId: 'https://idp.fuzz.test/metadata' })
  idp.ssoUrl = 'https://idp.fuzz.test/sso'
  const roles = await site.db.query<{ id: string }>(`SELECT id FROM "Role" WHERE "orgId" = $1 AND key = 'interviewer'`, [
    site.orgId,
  ])
  const connection = { preset: 'custom', metadataXml: idp.metadataXml(), jitProvisioning: true, allowIdpInitiated: false }
  await call(site, 'sso.save', { ...connection, defaultRoleId: roles.rows[0]!.id })
  type SsoView = { serviceProvider: { entityId: string; acsUrl: string } }
  const { serviceProvider: sp } = await call<SsoView>(site, 'sso.get', undefined, true)
  const tables = ['Session', 'User', 'Membership'] as const
  const reasons = new Map<string, number>()
  let sessionCookies = 0
  const post = async (tally: Tally, orgPath: string, init: Sendable) => {
    const before = await tableCounts(site.db, tables)
    const answer = await send(`${site.app.base}/sso/acs/${orgPath}`, init)
    const changes = moved(before, await tableCounts(site.db, tables))
    // No fuzz input is a genuine sign-in: each is refused, or passes as a test sign-in, and no session comes of any.
    const testPassed = /[?&]test=ok/.test(answer.location)
    judge(tally, answer, changes, { refused: !testPassed })
    if (changes.length) throw new Error(`a test sign-in stored ${changes.join(', ')}`)
    if (answer.cookies.some((c) => /^[^=]*hp_session=[^;]/.test(c))) {
      sessionCookies++
      throw new Error(`a session cookie was issued (${answer.status} ${answer.location})`)
    }
    if (![303, 302, 400, 413].includes(answer.status)) throw new Error(`answered ${answer.status}: not a redirect, nor a refusal`)
    const reason = /[?&](?:error|reason)=([^&]*)/.exec(answer.location)?.[1]
    let said = testPassed ? 'test sign-in passed' : `${answer.status} ${answer.text.slice(0, 40)}`
    try {
      if (reason) said = decodeURIComponent(reason)
    } catch {
      said = reason!
    }
    // A procedure's internal failure must surface as a 5xx (and a log line), not pass for a refusal.
    if (/^Internal error/.test(said)) throw new Error(`an internal error was answered as a refusal: ${answer.location}`)
    const key = said.replace(/^Single sign-on failed: /, '').replace(/[“"'].*$/, '…').slice(0, 60)
    reasons.set(key, (reasons.get(key) ?? 0) + 1)
  }

  const configured = new Tally('arbitrary forms to the org with SSO')
  await holds(failures, 'configured org', acsForms, runs, (form) => post(configured, site.orgId, acsRequest(form)))

  const unknown = new Tally('arbitrary forms to unknown org ids')
  // Dot segments would leave the route (fetch resolves them): they are not org ids.
  const orgIds = fc.oneof(
    fc.uuid().map((u) => `c${u.replace(/-/g, '').slice(0, 24)}`),
    oddText.map((s) => encodeURIComponent(wellFormed(s))).filter((s) => s.length > 0 && s !== '.' && s !== '..'),
  )
  const unknownOrgForms = fc.tuple(orgIds, acsForms)
  await holds(failures, 'unknown org', unknownOrgForms, Math.round(runs / 3), ([id, form]) => post(unknown, id, acsRequest(form)))

  // Responses genuinely signed by the configured IdP (xmlsec1), one field hostile. Unsolicited ones are refused (IdP-initiated
  // sign-in is off); others answer a test sign-in the owner started, which opens no session whatever it holds.
  const xmlSafe = oddText.map((s) => wellFormed(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''))
  const signedOptions: fc.Arbitrary<Partial<TestResponseOptions>> = fc.oneof(
    xmlSafe.map((v) => ({ nameId: v })),
    fc.constantFrom(demoOwner.email, 'someone@unverified.example').map((v) => ({ nameId: v, attributes: { email: v } })),
    fc
      .tuple(fc.constantFrom('email', 'firstName', 'http://schemas.xmlsoap.org/claims/name', '__proto__'), xmlSafe)
      .map(([name, value]) => ({ attributes: { [name]: [value, value] } })),
    xmlSafe.map((v) => ({ destination: v })),
    xmlSafe.map((v) => ({ recipient: v })),
    xmlSafe.map((v) => ({ issuer: v })),
    xmlSafe.map((v) => ({ audience: v })),
    xmlSafe.map((v) => ({ sessionIndex: v })),
    xmlSafe.map((v) => ({ status: { code: v, message: v } })),
    fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((now) => ({ now })),
  )
  const signed = new Tally('responses signed by the IdP with one hostile field')
  let unsignable = 0
  await holds(failures, 'signed', fc.tuple(signedOptions, fc.boolean()), Math.round(runs / 3), async ([options, test]) => {
    const started = test ? await call<{ url: string }>(site, 'sso.startTest', {}) : null
    const inResponseTo = started ? parseAuthnRequest(new URL(started.url).searchParams.get('SAMLRequest')!).id : null
    let base64 = ''
    try {
      const nameId = 'fuzz@fuzz.example'
      base64 = idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, nameId, inResponseTo, ...options }).base64
    } catch {
      unsignable++
    }
    // xmlsec1 could not sign it (not XML): not an input for this property.
    fc.pre(base64 !== '')
    const fields = new URLSearchParams({ SAMLResponse: base64, ...(test ? { RelayState: 'test' } : {}) })
    const headers = { 'content-type': 'application/x-www-form-urlencoded' }
    await post(signed, site.orgId, { method: 'POST', body: fields.toString(), headers })
  })
  const top = [...reasons].sort(([, a], [, b]) => b - a).slice(0, 4).map(([r, n]) => `${thousands(n)} × ${r}`)
  return verdict('SAML ACS (/sso/acs/:orgId)', [configured, unknown, signed], failures, errorsLoggedSince(site.app, mark), [
    `${sessionCookies} session cookies issued`,
    `${unsignable} generated responses xmlsec1 could not sign (skipped)`,
    `commonest answers: ${top.join(' | ')}`,
  ])
}

// ---------------------------------------------------------------------------------------------------------------------
// 3. Uploads

/** Files as they start: what each accepted format looks like to the sniffer (server/storage/sniff.ts). */
const media = {
  wav: wavFile(),
  webm: Buffer.concat([Buffer.from('1a45dfa39f4286810142828', 'hex'), Buffer.from('webm'), Buffer.alloc(64)]),
  mp4: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64)]),
  ogg: Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]),
  mp3: Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0]), Buffer.alloc(64)]),
  pdf: Buffer.from(
    [
      '%PDF-1.4',
      '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
      '2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
    ].join('\n'),
  ),
  docx: Buffer.concat([Buffer.from('504b030414000000', 'hex'), Buffer.from('[Content_Types].xml'), Buffer.alloc(48)]),
}
/** Content that is no accepted format, whatever name and type it is sent with. */
const notMedia = {
  html: Buffer.from('<!doctype html><html><body><script>fetch("/api/trpc/me.get")</script></body></html>'),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>'),
  elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(56)]),
  // MZ, the offset of the PE header at 0x3c, the DOS stub's message.
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from('80000000', 'hex'), Buffer.from('Cannot be run in DOS')]),
  script: Buffer.from('#!/bin/sh\ncurl http://127.0.0.1:9/ | sh\n'),
  json: Buffer.from('{"name":"interview.wav","type":"audio/wav","data":"UklGRiQAAABXQVZF"}'),
  emptyZip: Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]),
  empty: Buffer.alloc(0),
}
/** Real headers cut short of what the sniffer needs to recognise them. */
const truncatedHeaders = [
  media.wav.subarray(0, 4),
  media.wav.subarray(0, 11),
  Buffer.from('fLa'),
  Buffer.from('Ogg'),
  Buffer.from('ID'),
  Buffer.from([0xff]),
  media.mp4.subarray(0, 11),
  media.webm.subarray(0, 3),
  Buffer.from('%PDF'),
  Buffer.from([0x50, 0x4b, 0x03]),
]
const leads = ['RIFF', 'fLaC', 'OggS', 'ID3', '%PDF-'].map((lead) => Buffer.from(lead))
leads.push(media.webm.subarray(0, 4), media.docx.subarray(0, 4))
/** Could the sniffer take these bytes for an accepted format? Arbitrary bytes that could are left out of "not media". */
const mayBeMedia = (bytes: Buffer) =>
  bytes[0] === 0xff ||
  leads.some((lead) => bytes.subarray(0, lead.length).equals(lead)) ||
  bytes.subarray(4, 8).toString('latin1') === 'ftyp'

const uploadBodies = (impostors: Buffer[]) =>
  fc.oneof(
    fc.constantFrom(...Object.values(notMedia), ...impostors),
    fc
      .tuple(fc.constantFrom(...Object.values(notMedia)), fc.uint8Array({ maxLength: 1024 }))
      .map(([head, tail]) => Buffer.concat([head, tail]))
      .filter((b) => !mayBeMedia(b)),
    fc.constantFrom(...truncatedHeaders),
    fc
      .uint8Array({ minLength: 1, maxLength: 2048 })
      .map((b) => Buffer.from(b))
      .filter((b) => !mayBeMedia(b)),
  )
const declaredTypes = fc.constantFrom(
  'audio/wav',
  'audio/mpeg',
  'video/webm',
  'video/mp4',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/octet-stream',
  'text/html',
  'image/svg+xml',
)
const fileNames = fc.option(
  fc.oneof(
    fc.constantFrom('interview.wav', 'answer.webm', 'cv.pdf', 'cv.docx', '..%2F..%2Fetc%2Fpasswd', 'a.wav.exe'),
    fc.constantFrom('%E0%A4%A', '%00.pdf', '%ED%A0%80.wav'),
    fc.constant('x'.repeat(1_500)),
    oddText.map((s) => encodeURIComponent(wellFormed(s))),
  ),
  { nil: undefined },
)
/** No NUL and no half of a surrogate pair: text the procedures take at all. */
const storableName = (name: string) => wellFormed(name) === name && !name.includes('\u0000')
const uploadAuth = fc.oneof(
  { weight: 5, arbitrary: fc.constant('session') },
  fc.constantFrom('no csrf header', 'wrong csrf', 'no session'),
)

type UploadTarget = {
  name: string
  url: string
  /** Rows an upload adds. */
  tables: readonly string[]
  /** Cookie and CSRF header of the uploader (a signed-in member, or the candidate's browser). */
  cookie: string
  csrf: string
  /** Accepted elsewhere, refused here. */
  impostors: Buffer[]
  accepted: { body: Buffer; contentType: string; fileName: string; headers?: Record<string, string> }
  /** Whether the route keeps X-File-Name (a name over 1 000 characters is then refused). */
  keepsFileName: boolean
  /** Headers of this route beyond the file's own, and the status they alone make the answer (null: none). */
  extraHeaders: fc.Arbitrary<{ headers: Record<string, string>; refusal: number[] | null }>
}

const chunksOf = (bytes: Buffer, size: number) =>
  Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size))

/**
 * Posts `chunks` on a kept-alive connection of its own (with Content-Length, or chunked), then asks for /healthz on
 * that connection pool. An answer given before the body was read must still reach the client (not a reset), and the
 * connection must not be held up by the unread rest: `next` is the status of the second request, or what went wrong.
 */
async function postThenReuse(url: string, headers: Record<string, string>, chunks: Buffer[], declareLength: boolean) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const request = (method: string, target: string, body: Buffer[] = [], extra: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const req = http.request(target, { method, agent, headers: extra }, (res) => {
        const parts: Buffer[] = []
        res.on('data', (chunk: Buffer) => parts.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(parts).toString()
          const location = res.headers.location ?? ''
          resolve({ status: res.statusCode ?? 0, text, location, cookies: res.headers['set-cookie'] ?? [] })
        })
      })
      req.on('error', reject)
      for (const chunk of body) req.write(chunk)
      req.end()
    })
  const within = <T>(ms: number, what: string, work: Promise<T>) =>
    Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms).unref())])
  const size = chunks.reduce((sum, c) => sum + c.length, 0)
  const postHeaders: Record<string, string> = { ...headers, 'x-forwarded-for': anyAddress() }
  if (declareLength) postHeaders['content-length'] = `${size}`
  try {
    const answer = await within(20_000, 'no answer within 20 s', request('POST', url, chunks, postHeaders)).catch(
      (error: Error): Answer => ({ status: 0, text: `no answer: ${error.message}`, location: '', cookies: [] }),
    )
    const next = await within(5_000, 'held up for 5 s', request('GET', new URL('/healthz', url).href)).then(
      (a) => String(a.status),
      (error: Error) => error.message,
    )
    return { answer, next }
  } finally {
    agent.destroy()
  }
}

function filesUnder(dir: string) {
  const entries = fs.readdirSync(dir, { recursive: true }) as string[]
  return entries.filter((entry) => fs.statSync(path.join(dir, entry)).isFile()).sort()
}

async function uploads(site: Site, target: UploadTarget): Promise<CheckResult> {
  const mark = site.app.log().length
  const failures: string[] = []
  const tables = [...target.tables, 'AuditEvent', 'BackgroundJob']
  const upload = async (post: () => Promise<Answer>) => {
    const before = await tableCounts(site.db, tables)
    const filesBefore = filesUnder(site.storageDir)
    const answer = await post()
    const files = filesUnder(site.storageDir).filter((f) => !filesBefore.includes(f))
    const gone = filesBefore.filter((f) => !fs.existsSync(path.join(site.storageDir, f)))
    const rows = moved(before, await tableCounts(site.db, tables))
    const changes = [...rows, ...files.map((f) => `file ${f}`), ...gone.map((f) => `deleted ${f}`)]
    return { answer, changes, files }
  }
  const sessionHeaders = (auth: string) => {
    const withoutSession = target.cookie.split('; ').filter((c) => !/hp_session=/.test(c))
    const cookie = auth === 'no session' ? withoutSession.join('; ') : target.cookie
    const csrf = { 'no csrf header': undefined, 'wrong csrf': crypto.randomBytes(32).toString('base64url') }[auth] ?? target.csrf
    return { cookie, ...(auth === 'no csrf header' || csrf === undefined ? {} : { 'x-csrf-token': csrf }) }
  }

  // The candidate's browser has no session to leave out: its "no session" is the plain case.
  const hasSession = /hp_session=/.test(target.cookie)
  const fuzzed = new Tally('uploads of content that is no accepted type')
  const input = fc.record({
    body: uploadBodies(target.impostors),
    contentType: declaredTypes,
    fileName: fileNames,
    auth: uploadAuth,
    extra: target.extraHeaders,
  })
  await holds(failures, 'not media', input, runs, async ({ body, contentType, fileName, auth, extra }) => {
    const headers: Record<string, string> = { 'content-type': contentType, ...sessionHeaders(auth), ...extra.headers }
    if (fileName !== undefined) headers['x-file-name'] = fileName
    const { answer, changes } = await upload(() => send(target.url, { method: 'POST', body, headers }))
    judge(fuzzed, answer, changes, { refused: true })
    let name = ''
    try {
      name = decodeURIComponent(fileName ?? '')
    } catch {
      // the route reads a malformed name as none
    }
    // In the order the route checks: CSRF, text the database cannot store (before anything else in a procedure), the
    // session, the other headers, then the bytes.
    const expected =
      auth === 'no csrf header' || auth === 'wrong csrf'
        ? [403]
        : target.keepsFileName && !storableName(name)
          ? [400]
          : auth === 'no session' && hasSession
            ? [401]
            : (extra.refusal ?? ((target.keepsFileName && name.length > 1000) || body.length === 0 ? [400] : [415]))
    if (!expected.includes(answer.status)) {
      throw new Error(`answered ${answer.status}, expected ${expected.join(' or ')}: ${answer.text.slice(0, 160)}`)
    }
  })

  // Controls. Refusals answered before the body is read: each on a kept-alive connection of its own, followed by a
  // request on it. Then a genuine file, accepted exactly once.
  const controls: string[] = []
  const control = new Tally('controls')
  const headers = {
    'content-type': target.accepted.contentType,
    'x-file-name': target.accepted.fileName,
    ...sessionHeaders('session'),
    ...target.accepted.headers,
  }
  const megabyte = Buffer.alloc(1024 * 1024 + 1)
  const spaces = Buffer.alloc(900 * 1024, ' ')
  const early = [
    { what: 'declared 1 MB + 1 byte', chunks: [target.accepted.body, megabyte], declare: true, status: 413 },
    {
      what: 'streamed 1 MB + 1 byte without a length',
      chunks: [target.accepted.body, ...chunksOf(megabyte, 64 * 1024)],
      declare: false,
      status: 413,
    },
    { what: '900 KB of HTML sent as the accepted type', chunks: [notMedia.html, spaces], declare: true, status: 415 },
  ]
  for (const { what, chunks, declare, status } of early) {
    let next = ''
    const { answer, changes } = await upload(async () => {
      const outcome = await postThenReuse(target.url, headers, chunks, declare)
      next = outcome.next
      return outcome.answer
    })
    control.count(answer, true, changes)
    const stored = changes.length ? `, stored ${changes.join(', ')}` : ''
    controls.push(`${what}: ${answer.status || answer.text}${stored}, next request ${next}`)
    if (answer.status !== status || changes.length || next !== '200') {
      failures.push(`${what}: ${answer.status || ''} ${answer.text.slice(0, 100)}${stored}; next request: ${next}`)
    }
  }
  const genuine = await upload(() => send(target.url, { method: 'POST', body: target.accepted.body, headers }))
  control.count(genuine.answer, false, genuine.changes)
  const rows = genuine.changes.filter((c) => target.tables.some((t) => c === `${t} +1`))
  const genuineRows = genuine.changes.filter((c) => !c.startsWith('file '))
  controls.push(`genuine file: ${genuine.answer.status}, ${genuineRows.join(', ')}, ${genuine.files.length} file`)
  if (genuine.answer.status !== 201 || rows.length !== 1 || genuine.files.length !== 1) {
    failures.push(`genuine upload: ${genuine.answer.status} ${genuine.answer.text.slice(0, 120)} (${genuine.changes.join(', ')})`)
  }
  return verdict(target.name, [fuzzed, control], failures, errorsLoggedSince(site.app, mark), controls)
}

async function recordingUploads(site: Site) {
  return uploads(site, {
    name: 'Recording upload (/app/interviews/:id/recording)',
    url: `${site.app.base}/app/interviews/${site.interviewId}/recording`,
    tables: ['Recording'],
    cookie: site.cookie,
    csrf: site.csrf,
    impostors: [media.pdf, media.docx],
    accepted: { body: media.wav, contentType: 'audio/wav', fileName: 'interview.wav' },
    keepsFileName: true,
    extraHeaders: fc.oneof(
      { weight: 6, arbitrary: fc.constant({ headers: {}, refusal: null }) },
      // An engine that is not one of the three, or not available here, is refused before the body is read.
      fc
        .constantFrom('whisper', 'LOCAL', 'local,openai', 'assemblyai\u0009x', '../local')
        .map((engine) => ({ headers: { 'x-transcription-engine': engine }, refusal: [400] })),
      fc
        .constantFrom('local', 'openai', 'assemblyai')
        .map((engine) => ({ headers: { 'x-transcription-engine': engine }, refusal: [400, 415] })),
    ),
  })
}

async function cvUploads(site: Site) {
  return uploads(site, {
    name: 'CV upload (/app/candidates/:id/cv)',
    url: `${site.app.base}/app/candidates/${site.candidateId}/cv`,
    tables: ['CandidateDocument'],
    cookie: site.cookie,
    csrf: site.csrf,
    // A DOCX is a ZIP with a local file header; an empty archive has none and is not a document.
    impostors: [media.wav, media.webm, media.mp4, media.ogg, media.mp3],
    accepted: { body: media.pdf, contentType: 'application/pdf', fileName: 'cv.pdf' },
    keepsFileName: true,
    extraHeaders: fc.constant({ headers: {}, refusal: null }),
  })
}

async function videoTakeUploads(site: Site) {
  const { url } = await call<{ url: string }>(site, 'videoInterview.create', {
    applicationId: site.applicationId,
    title: 'Video answers',
    questions: ['Describe a schema migration you planned and tested.'],
    maxTakes: 5,
  })
  const token = url.split('/video/')[1]!
  // The candidate's browser: the page gives it the CSRF cookie; the link is its only credential.
  const jar = new CookieJar().take(await fetch(`${site.app.base}/video/${token}`))
  const page = await callProcedure<{ questions: { id: string }[] }>(site.app.base, jar.header(), 'videoInterview.candidatePage', {
    token,
  }, { query: true })
  const questionId = page.questions[0]!.id
  return uploads(site, {
    name: 'Video answer take upload (/video/:token/answers)',
    url: `${site.app.base}/video/${token}/answers`,
    tables: ['VideoAnswerTake'],
    cookie: jar.header(),
    csrf: jar.get('hp_csrf') ?? '',
    impostors: [media.pdf, media.docx],
    accepted: {
      body: media.wav,
      contentType: 'audio/wav',
      fileName: 'answer.wav',
      headers: { 'x-question-id': questionId, 'x-duration-ms': '2000' },
    },
    keepsFileName: false,
    extraHeaders: fc
      .tuple(
        fc.oneof({ weight: 5, arbitrary: fc.constant(questionId) }, fc.constantFrom('', 'x'.repeat(41)), headerText),
        fc.option(fc.constantFrom('1500', '0', '-5', 'abc', '1e3', '99999999999', '1.5'), { nil: undefined }),
      )
      .map(([question, duration]) => {
        const ms = Number(duration)
        const badQuestion = question === '' || question.length > 40
        const badDuration = Number.isInteger(ms) && ms > 3_600_000
        const refusal = badQuestion || badDuration ? [400] : question !== questionId ? [404] : null
        const headers: Record<string, string> = { 'x-question-id': question }
        if (duration !== undefined) headers['x-duration-ms'] = duration
        return { headers, refusal }
      }),
  })
}

// ---------------------------------------------------------------------------------------------------------------------

runPart('HTTP fuzzing', async () => {
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-http-fuzz-'))
  const databaseUrl = await freshDatabase('hireproof_http_fuzz')
  const stripeApi = await startStripeServer({ secretKey: stripeKey })
  const clerkSecretKey = 'sk_test_httpfuzz'
  const clerkApi = await startClerkApi({ secretKey: clerkSecretKey, key: generateSigningKey() })
  const db = new pg.Client({ connectionString: databaseUrl })
  const common = {
    STORAGE_DIR: storageDir,
    // Every request comes with its own X-Forwarded-For: per-address limits (the ACS allows 60 per 5 minutes) stay out of the way.
    TRUST_PROXY_HOPS: '1',
    // No background jobs: uploads are the only writers of STORAGE_DIR, and accepted files are not processed.
    JOB_WORKERS: '0',
    // Small limits, so that "too large" is reached with 1 MB.
    RECORDING_MAX_MB: '1',
    CV_MAX_MB: '1',
  }
  let app = await startAppProcess({
    port,
    databaseUrl,
    env: {
      ...common,
      STRIPE_SECRET_KEY: stripeKey,
      STRIPE_WEBHOOK_SECRET: secrets.stripe,
      STRIPE_PRICE_ENTERPRISE: enterprisePrice,
      STRIPE_API_BASE: stripeApi.url,
      INBOUND_EMAIL_DOMAIN: inboundDomain,
      MAILGUN_WEBHOOK_SIGNING_KEY: secrets.mailgun,
    },
  })
  await db.connect()
  let passed = false
  try {
    const site = await prepare(app, db, storageDir)
    const checks: CheckResult[] = []
    const step = async (work: () => Promise<CheckResult>) => {
      const started = Date.now()
      const result = await work()
      checks.push({ ...result, figures: `${result.figures}; ${((Date.now() - started) / 1000).toFixed(0)} s` })
    }
    // SSO and the uploads first: the Stripe events change the demo organization's plan, which SSO needs.
    await step(() => ssoAcs(site))
    await step(() => recordingUploads(site))
    await step(() => cvUploads(site))
    await step(() => videoTakeUploads(site))
    await step(() => mailgunWebhook(site))
    await step(() => stripeWebhook(site, stripeApi))

    // Clerk replaces the built-in accounts, so its webhook gets an app process of its own (same database and port).
    await app.stop()
    const clerkUsers = ['user_httpfuzz1', 'user_httpfuzz2']
    for (const id of clerkUsers) clerkApi.users.set(id, { id, email: `${id}@clerk.fuzz.test` })
    app = await startAppProcess({
      port,
      databaseUrl,
      env: {
        ...common,
        SEED_DEMO: 'never',
        CLERK_SECRET_KEY: clerkSecretKey,
        CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from('clerk.fuzz.test$').toString('base64')}`,
        CLERK_WEBHOOK_SECRET: secrets.clerk,
        CLERK_API_URL: clerkApi.url,
      },
    })
    await step(() => clerkWebhook({ ...site, app }, clerkUsers, ['org_httpfuzz1', 'org_httpfuzz2']))
    passed = checks.every((c) => c.passed)
    return checks
  } finally {
    await app.stop()
    await db.end()
    await stripeApi.close()
    await clerkApi.close()
    if (passed) fs.rmSync(storageDir, { recursive: true, force: true })
    else console.log(`Kept for inspection: ${storageDir} and the database hireproof_http_fuzz`)
  }
})
