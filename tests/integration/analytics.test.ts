import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parse as parseCookie } from 'cookie'
import { useTestDatabase } from '../setup/database'
import {
  createOrgWithOwner,
  createUser,
  enrolTwoFactor,
  requestWithSession,
  roleOf,
  runQueuedJobs,
  testMeta,
  unique,
} from '../factories'
import { consentInPerson, streamOf } from '../factories/recruiting'
import { startPostHogServer } from '../support/posthog-server'
import { parseEnv, type Env } from '../../server/env'
import type { Database } from '../../server/db'
import { createSession } from '../../server/auth/session'
import { analyticsConsentCookieName, sessionCookieName, type AnalyticsConsent } from '../../server/auth/cookies'
import { hashPassword } from '../../server/auth/password'
import { createCallerFactory } from '../../server/trpc/init'
import { appRouter } from '../../server/trpc/router'
import { createContext } from '../../server/trpc/context'
import { encodeWav } from '../../server/transcription/wav'
import { analyticsSink, shutdownAnalytics, track, type TrackContext } from '../../server/providers/analytics'
import { accountProfile } from '../../server/services/accounts/account-export'

/**
 * Product analytics through the procedures, with the real posthog-node client pointed at a
 * stand-in on 127.0.0.1 (and with the local event log): events leave only with the browser's
 * consent, carry the user's id and the organization's id and otherwise only catalogued enums,
 * counts and booleans, and an analytics outage never fails or holds up the product action.
 */
const db = await useTestDatabase()
const posthog = await startPostHogServer()
afterAll(async () => {
  await shutdownAnalytics(1_000)
  await posthog.close()
})

const baseSource = {
  NODE_ENV: 'test',
  APP_URL: 'http://localhost:3999',
  LOG_LEVEL: 'silent',
  STORAGE_DIR: `/tmp/hireproof-analytics-${process.pid}`,
}

/** POSTHOG_API_KEY and POSTHOG_HOST as a deployment sets them; batches leave only on flush, plain JSON, no retries. */
function postHogEnv(tuning: Partial<{ requestTimeoutMs: number }> = {}): Env {
  const env = parseEnv({ ...baseSource, POSTHOG_API_KEY: 'phc_testProjectKey123', POSTHOG_HOST: posthog.url })
  if (env.analytics.kind !== 'posthog') throw new Error('POSTHOG_API_KEY should turn PostHog on')
  const quick = { gzip: false, flushAt: 100, flushIntervalMs: 60_000, retries: 0, requestTimeoutMs: 2_000, ...tuning }
  return { ...env, analytics: { ...env.analytics, ...quick } }
}
const localEnv = parseEnv({ ...baseSource, ANALYTICS: 'local' })

const createCaller = createCallerFactory(appRouter)

/** A browser with a cookie jar: the session, the answer to the analytics question, and whatever the app sets. */
function browser(env: Env, consent: AnalyticsConsent | null, sessionToken?: string) {
  const cookies: Record<string, string> = {}
  if (consent) cookies[analyticsConsentCookieName(env.secureCookies)] = consent
  if (sessionToken) cookies[sessionCookieName(env.secureCookies)] = sessionToken
  return createCaller(async () => {
    const responseHeaders = new Headers()
    const original = responseHeaders.append.bind(responseHeaders)
    responseHeaders.append = (key: string, value: string) => {
      original(key, value)
      if (key.toLowerCase() !== 'set-cookie') return
      const [name, cookieValue] = Object.entries(parseCookie(value.split(';')[0] ?? ''))[0] ?? []
      if (name) cookies[name] = cookieValue ?? ''
    }
    const { [sessionCookieName(env.secureCookies)]: token, ...others } = cookies
    return createContext({ db, env, request: requestWithSession(token, undefined, others), meta: testMeta(), responseHeaders })
  })
}

async function signedIn(env: Env, consent: AnalyticsConsent | null, userId: string, orgId: string) {
  const { token } = await createSession(db.prisma, { userId, activeOrgId: orgId, meta: testMeta() })
  return browser(env, consent, token)
}

const flush = (env: Env) => analyticsSink(env.analytics).flush()

async function addMember(orgId: string, userId: string) {
  await db.prisma.membership.create({ data: { orgId, userId, roleId: (await roleOf(db, orgId, 'interviewer')).id } })
}
const newJob = { title: 'Forecasting analyst', description: '', location: 'Leeds', region: 'EU', currency: 'EUR' } as const

beforeEach(() => posthog.reset())
afterEach(() => vi.restoreAllMocks())

describe('analytics with PostHog', () => {
  it('sends a consented action with the user id as distinct id, the organization as group, and no personal data', async () => {
    const env = postHogEnv()
    const { org, owner } = await createOrgWithOwner(db)
    const caller = await signedIn(env, 'granted', owner.id, org.id)
    await caller.job.create({ ...newJob, region: 'US' })
    await flush(env)

    expect(posthog.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /batch/'])
    const [request] = posthog.requests
    expect(request!.body.api_key).toBe('phc_testProjectKey123')
    expect(request!.headers['content-encoding']).toBeUndefined()
    const [event] = posthog.events()
    expect(event).toMatchObject({
      event: 'job_created',
      distinct_id: owner.id,
      properties: { region: 'US', $groups: { organization: org.id }, $geoip_disable: true },
    })
    // Nothing but the catalogued property and the SDK's own markers.
    expect(Object.keys(event!.properties).filter((k) => !k.startsWith('$')).sort()).toEqual(['region'])
    const sent = JSON.stringify(request!.body)
    for (const personal of [owner.email, owner.name, newJob.title, newJob.location]) expect(sent).not.toContain(personal)
  })

  it('sends nothing when the browser refused analytics or has not answered', async () => {
    const env = postHogEnv()
    const { org, owner } = await createOrgWithOwner(db)
    for (const consent of ['denied', null] as const) {
      const caller = await signedIn(env, consent, owner.id, org.id)
      await caller.job.create(newJob)
      await caller.candidate.create({ name: 'Ada Candidate', location: 'Berlin' })
    }
    await flush(env)
    expect(posthog.requests).toEqual([])
  })

  it('reports each key action of the hiring workflow once, with ids, enums and counts only', async () => {
    const env = postHogEnv()
    const { org, owner } = await createOrgWithOwner(db)
    const caller = await signedIn(env, 'granted', owner.id, org.id)
    const marker = unique('zq')
    const person = { name: `Erin ${marker}`, email: `erin.${marker}@example.test` }
    const job = await caller.job.create({ ...newJob, title: `Analyst ${marker}` })
    const competencies = [{ name: 'Forecasting', description: 'demand forecasting', weight: 1 }]
    await caller.job.setRubric({ jobId: job.id, competencies })
    const candidate = await caller.candidate.create({ ...person, location: 'Leeds', jobId: job.id })
    await consentInPerson(caller, candidate.id)
    const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: candidate.id } })
    const title = `Call with ${person.name}`
    const { id: interviewId } = await caller.interview.create({ applicationId: application.id, title })
    const content = `Interviewer: Hello ${person.name}?\nErin: Hi, ${marker} here.`
    await caller.interview.importTranscript({ interviewId, format: 'text', content })
    const body = streamOf(encodeWav(new Int16Array(8000), 16_000))
    await caller.interview.uploadRecording({ interviewId, fileName: `${marker}.wav`, body })
    await db.prisma.backgroundJob.deleteMany({ where: { kind: 'transcribe-recording' } }) // keep the imported transcript
    await caller.interview.runAnalysis({ interviewId })
    await runQueuedJobs(db)
    const [competency] = (await caller.job.pipeline({ jobId: job.id })).competencies
    const ratings = [{ competencyId: competency!.id, rating: 3 }]
    await caller.interview.submitScorecard({ interviewId, ratings, recommendation: 'YES', summary: `Good, ${marker}` })
    await caller.application.decide({ applicationId: application.id, kind: 'REJECT', reason: `Not now, ${marker}` })
    const invitee = `${unique('invitee')}@example.test`
    await caller.invitation.create({ email: invitee, roleId: (await roleOf(db, org.id, 'interviewer')).id })
    await flush(env)

    const events = posthog.events()
    const own = (properties: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(properties).filter(([k]) => !k.startsWith('$')))
    expect(events.map((e) => [e.event, own(e.properties)])).toEqual([
      ['job_created', { region: 'EU' }],
      ['candidate_added', { forJob: true }],
      ['transcript_imported', { format: 'text', segments: 2 }],
      ['recording_uploaded', { engine: 'auto', sizeMb: 1 }],
      ['analysis_requested', { speakerChosen: false }],
      ['scorecard_submitted', { recommendation: 'YES', ratings: 1, revised: false }],
      ['decision_made', { kind: 'REJECT' }],
      ['member_invited', {}],
    ])
    for (const e of events) expect(e).toMatchObject({ distinct_id: owner.id, properties: { $groups: { organization: org.id } } })
    const sent = JSON.stringify(posthog.requests.map((r) => r.body))
    for (const id of [candidate.id, application.id, interviewId, job.id]) expect(sent).not.toContain(id)
    for (const personal of [marker, person.email, invitee, owner.email, owner.name]) expect(sent).not.toContain(personal)
  })

  it('reports a sign-in by its method, password or with a second factor, for the signed-in user', async () => {
    const env = postHogEnv()
    const password = 'correct horse battery staple'
    const { org } = await createOrgWithOwner(db)
    const plain = await createUser(db, { passwordHash: await hashPassword(password) })
    const guarded = await createUser(db, { passwordHash: await hashPassword(password) })
    for (const user of [plain, guarded]) {
      await addMember(org.id, user.id)
    }
    const { code } = await enrolTwoFactor(db, guarded)

    await browser(env, 'granted').auth.signIn({ email: plain.email, password })
    const twoStep = browser(env, 'granted')
    expect(await twoStep.auth.signIn({ email: guarded.email, password })).toEqual({ secondFactorRequired: true })
    await twoStep.auth.completeSignIn({ code: code() })
    await browser(env, 'denied').auth.signIn({ email: plain.email, password })
    await flush(env)

    expect(posthog.events().map((e) => [e.event, e.distinct_id, e.properties.method, e.properties.$groups])).toEqual([
      ['signed_in', plain.id, 'password', { organization: org.id }],
      ['signed_in', guarded.id, 'password+totp', { organization: org.id }],
    ])
    expect(JSON.stringify(posthog.requests)).not.toContain(plain.email)
  })

  it('refuses, whole and with a warning that does not repeat the value, an event that breaks the catalog', async () => {
    const env = postHogEnv()
    const { org, owner } = await createOrgWithOwner(db)
    const warnings = vi.spyOn(process.stderr, 'write')
    const ctx: TrackContext = { db, env, analyticsConsent: 'granted', access: { userId: owner.id, orgId: org.id } }
    const email = 'jane.doe@example.test'
    const outcomes = [
      track(ctx, 'job_created', { region: 'EU', email } as never), // a property the event may not carry
      track(ctx, 'job_created', { region: email } as never), // an email where an enum belongs
      track(ctx, 'job_created', { region: 'Jane Doe' } as never), // a name where an enum belongs
      track(ctx, 'candidate_added', { forJob: 'yes' } as never),
      track(ctx, 'recording_uploaded', { engine: 'local', sizeMb: -1 }),
      track(ctx, 'profile_viewed' as never, {} as never),
      track({ ...ctx, access: undefined }, 'member_invited', {}, { userId: email, orgId: org.id }), // an email as the identity
      track({ ...ctx, access: undefined }, 'member_invited', {}, { userId: owner.id, orgId: 'Acme Ltd' }),
    ]
    expect(outcomes).toEqual(Array(8).fill('refused'))
    await flush(env)
    expect(posthog.requests).toEqual([])
    // Logged for the developer, without the value (it may be personal data).
    const written = warnings.mock.calls.map(([chunk]) => String(chunk)).filter((line) => line.includes('analytics'))
    for (const line of written) expect(line).not.toMatch(/jane|Jane|Acme/)

    // The same context with a catalogued event goes through: the refusals were the events, not the context.
    track(ctx, 'job_created', { region: 'EU' })
    await flush(env)
    expect(posthog.events().map((e) => e.event)).toEqual(['job_created'])
  })

  it('records nothing for support staff working under a customer’s grant', async () => {
    const env = postHogEnv()
    const { org, owner } = await createOrgWithOwner(db)
    const access = { userId: owner.id, orgId: org.id }
    const ctx = { db, env, analyticsConsent: 'granted' as const, access, supportGrant: { id: 'grant' } }
    expect(track(ctx, 'job_created', { region: 'EU' })).toBe('support_access')
    await flush(env)
    expect(posthog.requests).toEqual([])
  })

  it('never fails the product action when PostHog answers 500', async () => {
    const env = postHogEnv()
    const { org, owner } = await createOrgWithOwner(db)
    const caller = await signedIn(env, 'granted', owner.id, org.id)
    posthog.respond({ kind: 'status', status: 500 })
    const job = await caller.job.create(newJob)
    expect(await db.prisma.job.count({ where: { id: job.id } })).toBe(1)
    await expect(flush(env)).resolves.toBeUndefined()
    expect(posthog.requests.map((r) => r.path)).toEqual(['/batch/'])
  })

  it('never holds up the product action when PostHog does not answer', async () => {
    const env = postHogEnv({ requestTimeoutMs: 300 })
    const { org, owner } = await createOrgWithOwner(db)
    const caller = await signedIn(env, 'granted', owner.id, org.id)
    posthog.respond({ kind: 'hang' })
    const started = Date.now()
    await caller.job.create(newJob)
    const sending = flush(env) // the batch is now on its way to a server that never answers
    await vi.waitFor(() => expect(posthog.requests).toHaveLength(1))
    await caller.candidate.create({ name: 'Ada Candidate', location: 'Berlin' })
    expect(Date.now() - started).toBeLessThan(2_000)
    await expect(sending).resolves.toBeUndefined() // given up after the request timeout, quietly
  })
})

describe('analytics in the local event log', () => {
  const rows = (distinctId: string) => db.prisma.analyticsEvent.findMany({ where: { distinctId }, orderBy: { createdAt: 'asc' } })

  it('writes an AnalyticsEvent row with ids only when the browser allowed analytics', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    await (await signedIn(localEnv, 'denied', owner.id, org.id)).job.create(newJob)
    await (await signedIn(localEnv, null, owner.id, org.id)).job.create(newJob)
    await flush(localEnv)
    expect(await rows(owner.id)).toEqual([])

    await (await signedIn(localEnv, 'granted', owner.id, org.id)).job.create(newJob)
    await flush(localEnv)
    expect(await rows(owner.id)).toEqual([
      expect.objectContaining({ orgId: org.id, distinctId: owner.id, event: 'job_created', properties: { region: 'EU' } }),
    ])
    expect(posthog.requests).toEqual([])
  })

  it('is off when nothing is configured', async () => {
    const off = parseEnv(baseSource)
    expect(off.analytics).toEqual({ kind: 'off' })
    const { org, owner } = await createOrgWithOwner(db)
    await (await signedIn(off, 'granted', owner.id, org.id)).job.create(newJob)
    await flush(off)
    expect(await rows(owner.id)).toEqual([])
  })

  it('never fails the product action when the log cannot be written', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    // The table is gone (say, a migration not yet applied): every write to it fails.
    const failingLog = { create: () => Promise.reject(new Error('relation "AnalyticsEvent" does not exist')) }
    const prisma = new Proxy(db.prisma, {
      get: (target, key) => (key === 'analyticsEvent' ? failingLog : Reflect.get(target, key)),
    })
    const broken = { ...db, prisma } as Database
    const caller = createCaller(async () => {
      const { token } = await createSession(db.prisma, { userId: owner.id, activeOrgId: org.id, meta: testMeta() })
      const request = requestWithSession(token, undefined, { [analyticsConsentCookieName(false)]: 'granted' })
      return createContext({ db: broken, env: localEnv, request, meta: testMeta() })
    })
    const job = await caller.job.create(newJob)
    await flush(localEnv)
    expect(await db.prisma.job.count({ where: { id: job.id } })).toBe(1)
    expect(await rows(owner.id)).toEqual([])
  })

  it('goes with the account when it is deleted', async () => {
    const password = 'correct horse battery staple'
    const { org, owner } = await createOrgWithOwner(db)
    const member = await createUser(db, { passwordHash: await hashPassword(password) })
    await addMember(org.id, member.id)
    const caller = browser(localEnv, 'granted')
    await caller.auth.signIn({ email: member.email, password })
    await flush(localEnv)
    expect(await rows(member.id)).toHaveLength(1)
    // The user's own data: in their export while it exists.
    expect((await accountProfile(db, member.id)).analyticsEvents).toEqual([
      expect.objectContaining({ organizationId: org.id, event: 'signed_in', properties: { method: 'password' } }),
    ])
    await caller.account.requestDeletion({ password })
    await runQueuedJobs(db, localEnv)
    expect(await db.prisma.user.count({ where: { id: member.id } })).toBe(0)
    expect(await rows(member.id)).toEqual([])
    expect(await rows(owner.id)).toEqual([])
  })
})
