import { afterAll, describe, expect, it, vi } from 'vitest'
import { createTestIdp } from '../support/saml-idp'
import { startDnsServer, type DnsServer } from '../support/dns-server'
import { verificationHost, verificationRecordPrefix } from '../../server/services/sso/domains'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, browserCaller, callerAs, createOrgWithOwner, createUser, enrolTwoFactor } from '../factories'
import { roleOf, testMeta, unique } from '../factories'
import { beginEnrolment } from '../../server/services/two-factor/two-factor'
import { getSecretBox } from '../../server/security/app-secret-box'
import { base32Decode, totp } from '../../server/auth/totp'
import { testEnv } from '../factories'
import { createSession } from '../../server/auth/session'
import { buildTenant, type Tenant } from '../factories/tenant'
import { callByPath, listProcedures, sampleInput } from '../setup/procedures'
import { hashPassword } from '../../server/auth/password'
import { inviteMember } from '../../server/services/invitations/invitations'
import { systemAuditContext } from '../../server/audit/append'
import { resolveAccess } from '../../server/authz/access'
import { requestCandidateConsent } from '../../server/services/consent/consent'
import { noticeHash, noticeTemplate } from '../../server/services/consent/notices'
import { auditActions } from '../../server/audit/catalog'
import { announcedChanges } from '../../trust/announcements'
import { publishedRegistry } from '../../trust/subprocessors'
import { encodeWav } from '../../server/transcription/wav'
import { streamOf } from '../factories/recruiting'
import { startStripeServer, type StripeServer } from '../support/stripe-server'
import { parseEnv } from '../../server/env'

/**
 * Every mutation of the router, enumerated automatically, must write an
 * audit event when it succeeds. A new mutation that records nothing fails
 * here. Each runs in a fresh tenant, as its owner, with an input generated
 * from its schema; the few that need secrets a generator cannot invent
 * (a password, an invitation token) get a valid one below.
 */
const db = await useTestDatabase()

/**
 * Public mutations that act on no organization, so there is no tenant log to
 * write to; each keeps its own record instead.
 */
const outsideAnyTenant: Record<string, string> = {
  'trust.subscribe': 'a trust-center visitor; the subscriber row and its confirmation email are the record',
  'trust.confirmSubscription': 'a trust-center visitor; confirmedAt is the record',
  'trust.unsubscribe': 'a trust-center visitor; unsubscribedAt is the record',
  'trust.requestDocument': 'a trust-center visitor; the request row (with IP and NDA fingerprint) is the record',
  'trust.downloadDocument': 'a trust-center visitor; each download is logged with its watermark',
  'sso.start': 'a visitor starting a sign-in; the stored AuthnRequest is the record (the sign-in itself is audited)',
  'sso.consume': 'the identity provider’s post: success writes user.signed_in (tests/integration/sso.test.ts), refusals an SsoFailure',
}
const isPlatform = (p: { meta: { access?: string } }) => p.meta.access === 'platform'
const mutations = listProcedures().filter((p) => p.type === 'mutation' && !outsideAnyTenant[p.path] && !isPlatform(p))
const platformMutations = listProcedures().filter((p) => p.type === 'mutation' && isPlatform(p))

type Call = { caller: unknown; input: unknown; clock?: Date }
/** A video interview of the tenant's application, as the owner sends it: its link's token, its first question and the interview. */
async function openVideoInterview(t: Tenant) {
  const { caller } = await callerAs(db, t.owner.id, t.org.id)
  const created = await caller.videoInterview.create({ applicationId: t.ids.applicationId!, title: 'Video', questions: ['How do you test your code?'] })
  const token = new URL(created.url).pathname.split('/').at(-1)!
  const { questions } = await anonymousCaller(db).caller.videoInterview.candidatePage({ token })
  return { token, questionId: questions[0]!.id, interviewId: created.interviewId }
}
const shortRecording = () => streamOf(encodeWav(Int16Array.from({ length: 800 }, (_, i) => i), 16_000))
/** Mutations a candidate makes through their own links: no account, and no IP or user agent kept about them. */
const candidateActions = ['consent.answer', 'videoInterview.answerConsent', 'videoInterview.recordTake', 'videoInterview.submit']

const validCalls: Record<string, (t: Tenant) => Promise<Call>> = {
  'meetingInbox.set': async (t) => {
    const env = parseEnv({ NODE_ENV: 'test', APP_URL: testEnv.APP_URL, LOG_LEVEL: 'silent', INBOUND_EMAIL_DOMAIN: 'in.example.test', MAILGUN_WEBHOOK_SIGNING_KEY: 'k' })
    return { caller: (await callerAs(db, t.owner.id, t.org.id, env)).caller, input: { enabled: true } }
  },
  // The tenant's candidate has agreed to everything: a valid change is a withdrawal.
  'consent.recordInPerson': async (t) => ({
    caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
    input: { candidateId: t.ids.candidateId, language: 'en', version: noticeHash(noticeTemplate('gdpr', 'en')), answers: { RECORDING: false } },
  }),
  'consent.answer': async (t) => {
    const ownerAccess = resolveAccess({ orgId: t.org.id, userId: t.owner.id, role: await roleOf(db, t.org.id, 'owner'), overrides: [] })
    const { consentUrl } = await requestCandidateConsent(db, ownerAccess, systemAuditContext(), { candidateId: t.ids.candidateId! }, 'http://localhost')
    const token = consentUrl.split('/').pop()!
    return { caller: anonymousCaller(db).caller, input: { token, language: 'en', version: noticeHash(noticeTemplate('gdpr', 'en')), answers: { RECORDING: false } } }
  },
  // The candidate's side of a video interview, through its link (the tenant's candidate has agreed to everything).
  'videoInterview.answerConsent': async (t) => ({
    caller: anonymousCaller(db).caller,
    input: { token: (await openVideoInterview(t)).token, language: 'en', version: noticeHash(noticeTemplate('gdpr', 'en')), answers: { RECORDING: false } },
  }),
  'videoInterview.recordTake': async (t) => {
    const { token, questionId } = await openVideoInterview(t)
    return { caller: anonymousCaller(db).caller, input: { token, questionId, body: shortRecording() } }
  },
  'videoInterview.submit': async (t) => {
    const { token, questionId } = await openVideoInterview(t)
    await anonymousCaller(db).caller.videoInterview.recordTake({ token, questionId, body: shortRecording() })
    return { caller: anonymousCaller(db).caller, input: { token, choices: {} } }
  },
  'videoInterview.cancel': async (t) => ({ caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { interviewId: (await openVideoInterview(t)).interviewId } }),
  'videoInterview.renewLink': async (t) => ({ caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { interviewId: (await openVideoInterview(t)).interviewId } }),
  'auth.signIn': async () => {
    const password = 'a valid password'
    const user = await createUser(db, { passwordHash: await hashPassword(password) })
    const t = await buildTenant(db, unique('signin'))
    await db.prisma.membership.create({
      data: { orgId: t.org.id, userId: user.id, roleId: t.ids.roleId! },
    })
    return { caller: anonymousCaller(db).caller, input: { email: user.email, password } }
  },
  'invitation.accept': async (t) => {
    const invitee = await createUser(db)
    const { token } = await inviteMember(
      db,
      { orgId: t.org.id, userId: t.owner.id, userName: 'Owner', audit: systemAuditContext() },
      { email: invitee.email, roleId: t.ids.roleId! },
      'http://localhost',
    )
    return { caller: (await callerAs(db, invitee.id, null)).caller, input: { token } }
  },
  'trust.fileObjection': async (t) => {
    // Objections are possible only during a notice period: run on the day
    // after the newest announcement, whatever today's date is.
    const newest = announcedChanges(publishedRegistry).sort((x, y) => y.announcedAt.localeCompare(x.announcedAt))[0]!
    return {
      caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
      input: { change: newest.id, reason: 'We do not want this provider to process our data.' },
      clock: new Date(Date.parse(`${newest.announcedAt}T12:00:00Z`) + 24 * 3600_000),
    }
  },
  'session.revokeMine': async (t) => {
    const other = await createSession(db.prisma, { userId: t.owner.id, activeOrgId: t.org.id, meta: testMeta() })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { sessionId: other.session.id } }
  },
  'supportAccess.grant': async (t) => ({
    caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
    input: { staffEmail: t.staff.email, reason: 'Ticket 99: candidate import stuck', scope: 'read_only', durationHours: 2 },
  }),
  'supportAccess.revoke': async (t) => {
    const grant = await db.prisma.supportGrant.create({
      data: {
        orgId: t.org.id,
        staffUserId: t.staff.id,
        reason: 'Ticket 100',
        scope: 'read_only',
        status: 'active',
        durationMinutes: 60,
        startsAt: new Date(),
        expiresAt: new Date(Date.now() + 3600_000),
      },
    })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { grantId: grant.id } }
  },
  'support.requestAccess': async (t) => ({
    caller: (await callerAs(db, (await createUser(db, { isStaff: true })).id, null)).caller,
    input: { orgId: t.org.id, reason: 'Ticket 101: the customer asked us to look', scope: 'read_only', durationHours: 4 },
  }),
  'ipAllowlist.replace': async (t) => {
    await db.prisma.organization.update({ where: { id: t.org.id }, data: { plan: 'ENTERPRISE' } })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { entries: [{ cidr: `${testMeta().ip}/32`, label: 'Office' }] } }
  },
  'member.reactivate': async (t) => {
    await db.prisma.membership.update({ where: { id: t.ids.membershipId! }, data: { status: 'SUSPENDED' } })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { membershipId: t.ids.membershipId } }
  },
  'auth.completeSignIn': async (t) => {
    const password = 'a valid password'
    const user = await createUser(db, { passwordHash: await hashPassword(password) })
    await db.prisma.membership.create({ data: { orgId: t.org.id, userId: user.id, roleId: t.ids.roleId! } })
    const { code } = await enrolTwoFactor(db, user)
    const browser = browserCaller(db)
    await browser.caller.auth.signIn({ email: user.email, password })
    return { caller: browser.caller, input: { code: code() } }
  },
  'twoFactor.confirmEnrolment': async (t) => {
    const { otpauthUri } = await beginEnrolment(db, getSecretBox(testEnv), t.owner)
    const key = base32Decode(new URL(otpauthUri).searchParams.get('secret')!)
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { code: totp(key, new Date()) } }
  },
  'twoFactor.regenerateRecoveryCodes': async (t) => {
    const { code } = await enrolTwoFactor(db, t.owner)
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { code: code() } }
  },
  'twoFactor.disable': async (t) => {
    await db.prisma.user.update({ where: { id: t.owner.id }, data: { passwordHash: await hashPassword('owner password') } })
    const { recoveryCodes } = await enrolTwoFactor(db, t.owner)
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { password: 'owner password', code: recoveryCodes[0] } }
  },
  'org.setRequireTwoFactor': async (t) => {
    await db.prisma.organization.update({ where: { id: t.org.id }, data: { requireTwoFactor: true } })
    await enrolTwoFactor(db, t.owner)
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { required: false } }
  },
  'org.setEnforceSso': async (t) => {
    await db.prisma.organization.update({ where: { id: t.org.id }, data: { enforceSso: true } })
    await enrolTwoFactor(db, t.owner)
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { enforced: false } }
  },
  'scim.createToken': async (t) => {
    await db.prisma.organization.update({ where: { id: t.org.id }, data: { plan: 'ENTERPRISE' } })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { name: 'Okta' } }
  },
  'scim.mapGroup': async (t) => {
    const viewer = await db.prisma.role.findFirstOrThrow({ where: { orgId: t.org.id, key: 'viewer' } })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { groupId: t.ids.groupId, roleId: viewer.id } }
  },
  'domain.add': async (t) => {
    await db.prisma.organization.update({ where: { id: t.org.id }, data: { plan: 'ENTERPRISE' } })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { domain: `${t.org.id.toLowerCase()}.example.test` } }
  },
  'domain.verify': async (t) => {
    const row = await db.prisma.verifiedDomain.findUniqueOrThrow({ where: { id: t.ids.domainId! } })
    dns ??= await startDnsServer({})
    dns.set(verificationHost(row.domain), [[`${verificationRecordPrefix}${row.verificationToken}`]])
    ;(testEnv as { DNS_SERVERS: string[] }).DNS_SERVERS = [dns.address]
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { domainId: row.id } }
  },
  'sso.save': async (t) => {
    await db.prisma.organization.update({ where: { id: t.org.id }, data: { plan: 'ENTERPRISE' } })
    const role = await db.prisma.role.findFirstOrThrow({ where: { orgId: t.org.id, key: 'viewer' } })
    return {
      caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
      input: { preset: 'custom', metadataXml: createTestIdp().metadataXml(), defaultRoleId: role.id, jitProvisioning: true },
    }
  },
  'sso.setEnabled': async (t) => {
    await withSsoConnection(t, { lastTestedAt: new Date() })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { enabled: true } }
  },
  'sso.delete': async (t) => {
    await withSsoConnection(t)
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: undefined }
  },
  'sso.startTest': async (t) => {
    await withSsoConnection(t)
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: undefined }
  },
  'interview.renameSpeaker': async (t) => ({
    caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
    input: { interviewId: t.ids.interviewId, from: 'Candidate', to: 'Ada' },
  }),
  'interview.importTranscript': async (t) => ({
    caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
    input: { interviewId: t.ids.interviewId, content: 'Interviewer: Why this role?\nCandidate: I like hard problems.', format: 'text' },
  }),
  'interview.runAnalysis': async (t) => ({ caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { interviewId: t.ids.interviewId } }),
  'interview.uploadRecording': async (t) => ({
    caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
    input: { interviewId: t.ids.interviewId, fileName: 'interview.wav', body: bytes(encodeWav(new Int16Array(1600), 16_000)) },
  }),
  'interview.deleteRecording': async (t) => {
    const { caller } = await callerAs(db, t.owner.id, t.org.id)
    await caller.interview.uploadRecording({ interviewId: t.ids.interviewId!, fileName: 'a.wav', body: bytes(encodeWav(new Int16Array(1600), 16_000)) })
    return { caller, input: { interviewId: t.ids.interviewId } }
  },
  'interview.retryTranscription': async (t) => {
    const { caller } = await callerAs(db, t.owner.id, t.org.id)
    const { id } = await caller.interview.uploadRecording({ interviewId: t.ids.interviewId!, fileName: 'a.wav', body: bytes(encodeWav(new Int16Array(1600), 16_000)) })
    await db.prisma.backgroundJob.update({ where: { key: `transcribe:${id}` }, data: { status: 'FAILED', lastError: 'No speech was recognised' } })
    return { caller, input: { interviewId: t.ids.interviewId } }
  },
  'job.setStages': async (t) => {
    const stages = await db.prisma.pipelineStage.findMany({ where: { jobId: t.ids.jobId, kind: 'ACTIVE' }, orderBy: { position: 'asc' } })
    return {
      caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
      input: { jobId: t.ids.jobId, stages: [...stages.map((s) => ({ id: s.id, name: s.name })), { name: 'Take-home' }] },
    }
  },
  'privacy.liftRestriction': async (t) => {
    await db.prisma.candidate.update({ where: { id: t.ids.candidateId }, data: { processingRestrictedAt: new Date(), processingRestrictionReason: 'restriction requested' } })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { candidateId: t.ids.candidateId } }
  },
  'candidate.uploadCv': async (t) => ({
    caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
    input: { candidateId: t.ids.candidateId, fileName: 'cv.pdf', body: bytes(new TextEncoder().encode('%PDF-1.7\n%minimal\n')) },
  }),
  'audit.beginExport': async (t) => ({ caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { format: 'ndjson' } }),
  // The owner is the tenant's last owner (refused); a recruiter with a password may go.
  'account.requestDeletion': async (t) => {
    const user = await createUser(db, { passwordHash: await hashPassword('a valid password') })
    await db.prisma.membership.create({ data: { orgId: t.org.id, userId: user.id, roleId: (await roleOf(db, t.org.id, 'recruiter')).id } })
    return { caller: (await callerAs(db, user.id, t.org.id)).caller, input: { password: 'a valid password' } }
  },
  'org.scheduleDeletion': async (t) => ({
    caller: (await callerAs(db, t.owner.id, t.org.id)).caller,
    input: { mode: 'RETURN_THEN_DELETE', days: 30, confirmName: t.org.name },
  }),
  // Billing talks to Stripe: a local stand-in (tests/support/stripe-server.ts).
  // Checkout is for organizations not yet on Enterprise.
  'billing.startCheckout': async (t) => {
    await db.prisma.organization.update({ where: { id: t.org.id }, data: { plan: 'STANDARD' } })
    return { caller: (await callerAs(db, t.owner.id, t.org.id, await withStripe())).caller, input: undefined }
  },
  'billing.openPortal': async (t) => {
    await db.prisma.organization.update({ where: { id: t.org.id }, data: { plan: 'STANDARD' } })
    const { caller } = await callerAs(db, t.owner.id, t.org.id, await withStripe())
    await caller.billing.startCheckout() // creates and links the Stripe customer
    return { caller, input: undefined }
  },
  'org.cancelDeletion': async (t) => {
    const { caller } = await callerAs(db, t.owner.id, t.org.id)
    await caller.org.scheduleDeletion({ mode: 'DELETE', days: 7, confirmName: t.org.name })
    return { caller, input: undefined }
  },
  // The meeting recorder is on with its settings; sending only queues the job that calls the provider.
  'meetingBot.send': async (t) => {
    await db.prisma.interview.update({ where: { id: t.ids.interviewId }, data: { meetingUrl: 'https://meet.google.com/abc-defg-hij' } })
    const env = parseEnv({
      NODE_ENV: 'test',
      APP_URL: testEnv.APP_URL,
      LOG_LEVEL: 'silent',
      MEETING_BOT_API_URL: 'https://bots.example.test',
      MEETING_BOT_API_KEY: 'audit-coverage',
      MEETING_BOT_WEBHOOK_SECRET: 'audit-coverage-webhook-secret',
    })
    return { caller: (await callerAs(db, t.owner.id, t.org.id, env)).caller, input: { interviewId: t.ids.interviewId } }
  },
  'meetingBot.cancel': async (t) => {
    await db.prisma.interview.update({ where: { id: t.ids.interviewId }, data: { meetingBotId: `bot_${t.org.id}`, meetingBotStatus: 'in_call_recording' } })
    return { caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { interviewId: t.ids.interviewId } }
  },
}

/** A request body stream of these bytes. */
async function* bytes(data: Uint8Array) {
  yield data
}

let dns: DnsServer | undefined
let stripe: StripeServer | undefined
afterAll(() => stripe?.close())

/** The test environment with Stripe pointed at the stand-in. */
async function withStripe() {
  stripe ??= await startStripeServer({ secretKey: 'sk_test_auditcoverage' })
  const { stripe: config } = parseEnv({
    STRIPE_SECRET_KEY: 'sk_test_auditcoverage',
    STRIPE_WEBHOOK_SECRET: 'whsec_auditcoverage',
    STRIPE_PRICE_ENTERPRISE: 'price_enterprise',
    STRIPE_API_BASE: stripe.url,
  })
  return { ...testEnv, stripe: config }
}
afterAll(() => dns?.close())

async function withSsoConnection(t: Tenant, extra: { lastTestedAt?: Date } = {}) {
  await db.prisma.organization.update({ where: { id: t.org.id }, data: { plan: 'ENTERPRISE' } })
  const role = await db.prisma.role.findFirstOrThrow({ where: { orgId: t.org.id, key: 'viewer' } })
  const idp = createTestIdp()
  await db.prisma.ssoConnection.create({
    data: {
      orgId: t.org.id,
      idpEntityId: idp.entityId,
      idpSsoUrl: 'https://idp.example.test/sso',
      idpCertificates: [idp.certificatePem],
      defaultRoleId: role.id,
      attributeMapping: {},
      ...extra,
    },
  })
}

describe('every mutation writes an audit event', () => {
  it('there are mutations to check', () => expect(mutations.length).toBeGreaterThan(10))

  it('exempts only public mutations that exist', () => {
    const all = listProcedures()
    for (const path of Object.keys(outsideAnyTenant)) {
      expect(all.find((p) => p.path === path)?.meta.access, path).toBe('public')
    }
  })

  it.each(mutations.map((m) => [m.path, m] as const))('%s', async (path, mutation) => {
    // On the Enterprise plan, so that every plan-gated mutation can succeed (billing.test.ts covers the Standard refusals).
    const tenant = await buildTenant(db, unique('audit'), { plan: 'ENTERPRISE' })
    const call = validCalls[path]
      ? await validCalls[path](tenant)
      : { caller: (await callerAs(db, tenant.owner.id, tenant.org.id)).caller, input: sampleInput(mutation.inputs, tenant.ids) }
    const existing = new Set((await db.prisma.auditEvent.findMany({ select: { id: true } })).map((e) => e.id))
    if (call.clock) vi.useFakeTimers({ toFake: ['Date'], now: call.clock })
    try {
      await callByPath(call.caller, path, call.input)
    } finally {
      vi.useRealTimers()
    }
    const written = (await db.prisma.auditEvent.findMany()).filter((e) => !existing.has(e.id))
    expect(written.length, `${path} wrote no audit event`).toBeGreaterThan(0)
    for (const event of written) {
      expect(auditActions).toContain(event.action)
      if (candidateActions.includes(path)) {
        // A candidate on a page of their own link: no account, and no IP or user agent kept about them.
        expect([event.actorType, event.actorId, event.ip, event.userAgent]).toEqual(['CANDIDATE', null, '', ''])
        continue
      }
      expect(event.actorType).toBe(path.startsWith('support.') ? 'STAFF' : 'USER')
      expect(event.actorId).toBeTruthy()
      expect(event.requestId).toBeTruthy()
      expect(event.ip).toBeTruthy()
    }
  })
})

/** Platform-console mutations act on no tenant: each must write a PlatformAuditEvent instead. */
const validPlatformCalls: Record<string, (adminId: string) => Promise<unknown>> = {
  'platform.announceSubprocessorChange': async () => ({
    type: 'added',
    key: unique('acme').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40),
    summary: 'Acme is added for email delivery.',
    effectiveAt: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10),
    name: 'Acme Mail',
    entity: 'Acme Mail GmbH',
    purpose: 'Transactional email',
    dataShared: 'Recipient address and message content',
    location: 'Germany',
    safeguard: 'Processing in the EU',
    optional: false,
    website: 'https://acme.example',
  }),
  'platform.setPlan': async () => {
    const { org } = await createOrgWithOwner(db)
    return { orgId: org.id, plan: 'ENTERPRISE', reason: 'Contract HP-2024-17' }
  },
  'platform.decideDocumentRequest': async () => {
    const request = await db.prisma.gatedDocumentRequest.create({
      data: {
        documentId: 'security-architecture',
        name: 'Pat Procurement',
        company: 'Buyer Ltd',
        email: `${unique('buyer')}@example.test`,
        ndaVersion: '1.0',
        ndaSha256: '0'.repeat(64),
        ndaAcceptedAt: new Date(),
        ip: '192.0.2.1',
        userAgent: 'test',
      },
    })
    return { requestId: request.id, decision: 'approve' }
  },
}

describe('every platform-console mutation writes a platform audit event', () => {
  it('there are platform mutations, each with a valid call', () => {
    expect(platformMutations.map((m) => m.path).sort()).toEqual(Object.keys(validPlatformCalls).sort())
  })

  it.each(platformMutations.map((m) => [m.path] as const))('%s', async (path) => {
    const admin = await createUser(db, { isPlatformAdmin: true })
    const { caller } = await callerAs(db, admin.id, null)
    const input = await validPlatformCalls[path]!(admin.id)
    const before = await db.prisma.platformAuditEvent.count({ where: { actorId: admin.id } })
    await callByPath(caller, path, input)
    const events = await db.prisma.platformAuditEvent.findMany({ where: { actorId: admin.id } })
    expect(events.length - before, `${path} wrote no platform audit event`).toBe(1)
    expect(events[0]).toMatchObject({ actorEmail: admin.email, requestId: expect.any(String) as string, ip: expect.any(String) as string })
  })
})
