import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, roleOf, runQueuedJobs, testEnv, unique } from '../factories'
import { startMailgunServer, type MailgunServer } from '../support/mailgun-server'
import { parseEnv, type Env } from '../../server/env'
import { enqueueEmail } from '../../server/services/mail/outbox'
import { emailJobKey } from '../../server/services/mail/delivery'
import { createJobHandlers } from '../../server/jobs/handlers'
import { runNextJob } from '../../server/jobs/worker'
import { getBlobStore } from '../../server/storage'
import type { Logger } from '../../server/logger'
import { breachNoticeSchema, previewBreachNotice, sendBreachNotice } from '../../server/services/mail/breach-notice'

/**
 * Delivery of outbox emails through the real `mailgun.js` client, pointed (`url`) at a local stand-in for Mailgun's
 * messages API, and through the durable job queue: what Mailgun receives, retries with backoff, permanent failures,
 * timeouts, replays, and the local default where the outbox itself is the delivery.
 */
const db = await useTestDatabase()
const apiKey = 'key-0123456789abcdef0123456789abcdef'
const domain = 'mg.hireproof.test'
let mailgun: MailgunServer
let env: Env

beforeAll(async () => {
  mailgun = await startMailgunServer({ apiKey, domain })
  env = parseEnv({
    NODE_ENV: 'test',
    APP_URL: testEnv.appUrl,
    LOG_LEVEL: 'silent',
    STORAGE_DIR: testEnv.STORAGE_DIR,
    MAILGUN_API_KEY: apiKey,
    MAILGUN_DOMAIN: domain,
    MAILGUN_URL: mailgun.url,
    MAIL_FROM: `Hireproof <no-reply@${domain}>`,
    MAIL_TIMEOUT_MS: '1000',
  })
})
afterAll(() => mailgun.close())
// runQueuedJobs takes every due job: each test runs only its own.
beforeEach(async () => {
  mailgun.reset()
  await db.prisma.backgroundJob.deleteMany({})
})

/** An invitation email, queued the way services queue email: in a transaction. */
async function queueInvitation(config: Env = env) {
  const to = `${unique('invitee')}@example.test`
  const email = await db.prisma.$transaction((tx) =>
    enqueueEmail(
      tx,
      {
        to,
        orgId: null,
        template: 'invitation',
        data: {
          orgName: 'Acme <Talent>',
          inviterName: 'Ada',
          roleName: 'Recruiter',
          acceptUrl: 'http://localhost:3999/invitations/tok',
          expiresAt: new Date(),
        },
      },
      config,
    ),
  )
  return { to, email }
}

/** As the server's logger writes errors: message and stack. */
const errorsAsText = (_key: string, value: unknown) =>
  value instanceof Error ? { message: value.message, stack: value.stack } : value
const unavailable503 = 'Mailgun is unavailable (HTTP 503); will try again.'
const timedOut = 'Mailgun did not answer within 1 s; will try again.'
const row = (id: string) => db.prisma.outboxEmail.findUniqueOrThrow({ where: { id } })
const job = (id: string) => db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: emailJobKey(id) } })
/** The backoff passes. */
const makeDue = (id: string) => db.prisma.backgroundJob.update({ where: { key: emailJobKey(id) }, data: { runAt: new Date() } })

describe('with Mailgun configured', () => {
  it('queues a job with the email, then sends it with the real client: sender, recipient, parts, tag, auth', async () => {
    const { to, email } = await queueInvitation()
    expect(email).toMatchObject({ status: 'PENDING', attempts: 0, sentAt: null, providerMessageId: null })
    expect(await job(email.id)).toMatchObject({
      kind: 'send-email',
      status: 'QUEUED',
      payload: { outboxId: email.id },
      maxAttempts: 10,
    })
    expect(mailgun.requests).toHaveLength(0) // nothing leaves before the transaction has committed and a worker runs

    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'succeeded' }])
    const [request] = mailgun.requests
    expect(request).toMatchObject({ method: 'POST', path: `/v3/${domain}/messages`, username: 'api', keyMatched: true })
    expect(request!.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(request!.fields).toEqual({
      from: [`Hireproof <no-reply@${domain}>`],
      to: [to],
      subject: [email.subject],
      text: [email.text],
      html: [email.html],
      'o:tag': ['invitation'],
      'o:tracking': ['no'],
      'o:tracking-clicks': ['no'],
      'o:tracking-opens': ['no'],
      'v:outbox-id': [email.id],
    })
    expect(request!.fields.html![0]).toContain('Acme &lt;Talent&gt;')
    expect(request!.fields.text![0]).toContain('Accept: http://localhost:3999/invitations/tok')

    const sent = await row(email.id)
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1, lastError: null })
    expect(sent.providerMessageId).toMatch(new RegExp(`^<\\d{8}\\.[0-9a-f]{16}@${domain.replace(/\./g, '\\.')}>$`))
    expect(sent.sentAt!.getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect(await job(email.id)).toMatchObject({ status: 'SUCCEEDED' })
  })

  it.each([429, 500] as const)('HTTP %i is retried with backoff, the row showing the attempt, then sent', async (status) => {
    const { email } = await queueInvitation()
    mailgun.reply(status, 503)

    const before = Date.now()
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'retry' }])
    expect(await row(email.id)).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null })
    expect((await row(email.id)).lastError).toBe(
      status === 429
        ? 'Mailgun is limiting the sending rate (HTTP 429); will try again.'
        : 'Mailgun is unavailable (HTTP 500); will try again.',
    )
    const first = await job(email.id)
    expect(first).toMatchObject({ status: 'QUEUED', attempts: 1 })
    // About 5 s (±20 %), then about 10 s: the queue's exponential backoff.
    expect(first.runAt.getTime() - before).toBeGreaterThanOrEqual(3_900)
    expect(first.runAt.getTime() - Date.now()).toBeLessThanOrEqual(6_100)
    expect(await runQueuedJobs(db, env)).toEqual([]) // not due yet

    await makeDue(email.id)
    const again = Date.now()
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'retry' }])
    expect(await row(email.id)).toMatchObject({ status: 'PENDING', attempts: 2, lastError: unavailable503 })
    const second = await job(email.id)
    expect(second.runAt.getTime() - again).toBeGreaterThanOrEqual(7_900)
    expect(second.runAt.getTime() - Date.now()).toBeLessThanOrEqual(12_100)

    await makeDue(email.id)
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'succeeded' }])
    expect(await row(email.id)).toMatchObject({ status: 'SENT', attempts: 3, lastError: null })
    expect(mailgun.requests.map((r) => r.answered)).toEqual([status, 503, 200])
  })

  it.each([
    [400, 'Mailgun refused the message (HTTP 400).'],
    [401, 'Mailgun refused the API key (HTTP 401): check MAILGUN_API_KEY and MAILGUN_DOMAIN.'],
  ] as const)('HTTP %i fails at once, without a retry; no log line holds the key, address or body', async (status, message) => {
    const { to, email } = await queueInvitation()
    mailgun.reply(status)
    const lines: string[] = []
    const record = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
      lines.push(JSON.stringify({ level, msg, ...fields }, errorsAsText))
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      child: () => logger,
    }
    const handlers = createJobHandlers({ env, blobs: getBlobStore(env) })

    expect((await runNextJob({ db, handlers, logger, workerId: 'test' }))?.outcome).toBe('failed')
    expect(await row(email.id)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: message, sentAt: null })
    expect(await job(email.id)).toMatchObject({ status: 'FAILED', lastError: message })
    expect(await runQueuedJobs(db, env)).toEqual([])
    expect(mailgun.requests).toHaveLength(1)
    expect(lines.length).toBeGreaterThan(0)
    for (const secret of [apiKey, to, email.text, 'Accept invitation']) expect(lines.join('\n')).not.toContain(secret)
  })

  it('a request that times out is retried, and sent when Mailgun answers again', async () => {
    const { email } = await queueInvitation()
    mailgun.reply('hang')
    const started = Date.now()
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'retry' }])
    expect(Date.now() - started).toBeLessThan(5_000) // MAIL_TIMEOUT_MS (1 s), not the worker's hour
    const waiting = await row(email.id)
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1, lastError: timedOut })
    await makeDue(email.id)
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'succeeded' }])
    expect(await row(email.id)).toMatchObject({ status: 'SENT', attempts: 2 })
  })

  it('after the last attempt the email is FAILED', async () => {
    const { email } = await queueInvitation()
    await db.prisma.backgroundJob.update({ where: { key: emailJobKey(email.id) }, data: { maxAttempts: 2 } })
    mailgun.reply(503, 503)
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'retry' }])
    await makeDue(email.id)
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'failed' }])
    expect(await row(email.id)).toMatchObject({ status: 'FAILED', attempts: 2, lastError: unavailable503 })
    expect(mailgun.requests).toHaveLength(2)
  })

  it('a replayed job sends nothing twice, and a job whose email was deleted sends nothing', async () => {
    const { email } = await queueInvitation()
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'succeeded' }])
    const sent = await row(email.id)
    // The same job again (a replay, or another worker's claim after a lost lease) and the same email queued again.
    await db.prisma.backgroundJob.update({
      where: { key: emailJobKey(email.id) },
      data: { status: 'QUEUED', runAt: new Date(), finishedAt: null },
    })
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'succeeded' }])
    expect(mailgun.requests).toHaveLength(1)
    expect(await row(email.id)).toEqual(sent)

    const gone = await queueInvitation()
    await db.prisma.outboxEmail.delete({ where: { id: gone.email.id } })
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'succeeded' }])
    expect(mailgun.requests).toHaveLength(1)
  })

  it('a worker without Mailgun settings does not pretend to deliver what was queued for Mailgun', async () => {
    const { email } = await queueInvitation()
    expect(await runQueuedJobs(db, testEnv)).toEqual([{ kind: 'send-email', outcome: 'retry' }])
    const waiting = await row(email.id)
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null })
    expect(waiting.lastError).toMatch(/Mailgun is not configured/)
    await makeDue(email.id)
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'succeeded' }])
    expect(await row(email.id)).toMatchObject({ status: 'SENT', attempts: 2, lastError: null })
  })

  it('an email is recorded only if the change that caused it commits', async () => {
    const to = `${unique('rollback')}@example.test`
    await expect(
      db.prisma.$transaction(async (tx) => {
        const data = { confirmUrl: 'http://localhost:3999/c' }
        await enqueueEmail(tx, { to, template: 'subprocessorSubscribeConfirm', data }, env)
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await db.prisma.outboxEmail.count({ where: { to } })).toBe(0)
    expect(await db.prisma.backgroundJob.count({ where: { kind: 'send-email' } })).toBe(0)
  })
})

describe('delivery problems, as an organization admin sees them', () => {
  /** An invitation email of `orgId`, failed after its last attempt against a Mailgun answering 500. */
  async function failedEmailOf(orgId: string) {
    const { email } = await queueInvitation()
    await db.prisma.outboxEmail.update({ where: { id: email.id }, data: { orgId } })
    await db.prisma.backgroundJob.update({ where: { key: emailJobKey(email.id) }, data: { maxAttempts: 1 } })
    mailgun.reply(500)
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'failed' }])
    return email
  }

  it('lists the organization’s failed and retrying emails with the provider’s last answer, and sends a failed one again', async () => {
    const { org, owner } = await createOrgWithOwner(db, unique('Mailing'))
    const failed = await failedEmailOf(org.id)
    const { caller } = await callerAs(db, owner.id, org.id)
    const [listed] = await caller.email.deliveryProblems()
    expect(listed).toMatchObject({ id: failed.id, status: 'failed', attempts: 1, lastError: 'Mailgun is unavailable (HTTP 500).' })

    mailgun.reply(200)
    expect(await caller.email.resend({ emailId: failed.id })).toEqual({ queued: true })
    expect(await row(failed.id)).toMatchObject({ status: 'PENDING', attempts: 0 })
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'email.resent' } })
    expect(audit.targets).toEqual([{ type: 'email', id: failed.id }])
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'send-email', outcome: 'succeeded' }])
    expect(await row(failed.id)).toMatchObject({ status: 'SENT' })
    expect(await caller.email.deliveryProblems()).toEqual([])
  })

  it('refuses to send again an email that did not fail, or another organization’s, and changes nothing', async () => {
    const { org, owner } = await createOrgWithOwner(db, unique('Mailing'))
    const other = await createOrgWithOwner(db, unique('Elsewhere'))
    const theirs = await failedEmailOf(other.org.id)
    const { caller } = await callerAs(db, owner.id, org.id)
    expect(await caller.email.deliveryProblems()).toEqual([])
    await expect(caller.email.resend({ emailId: theirs.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await row(theirs.id)).toMatchObject({ status: 'FAILED' })
    expect(await job(theirs.id)).toMatchObject({ status: 'FAILED' })

    const { email: pending } = await queueInvitation()
    await db.prisma.outboxEmail.update({ where: { id: pending.id }, data: { orgId: org.id } })
    await expect(caller.email.resend({ emailId: pending.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await db.prisma.auditEvent.count({ where: { action: 'email.resent', orgId: { in: [org.id, other.org.id] } } })).toBe(0)
  })

  it('is for admins: a recruiter may neither list nor resend', async () => {
    const { org } = await createOrgWithOwner(db, unique('Mailing'))
    const failed = await failedEmailOf(org.id)
    const recruiter = await createMember(db, org.id, 'recruiter')
    const { caller } = await callerAs(db, recruiter.id, org.id)
    await expect(caller.email.deliveryProblems()).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(caller.email.resend({ emailId: failed.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(await row(failed.id)).toMatchObject({ status: 'FAILED' })
  })
})

describe('without Mailgun (the local default)', () => {
  it('the outbox is the delivery: the email is SENT at once, with no job and no provider', async () => {
    const { email } = await queueInvitation(testEnv)
    expect(email).toMatchObject({ status: 'SENT', attempts: 1, providerMessageId: null, lastError: null })
    expect(email.sentAt).toBeInstanceOf(Date)
    expect(await db.prisma.backgroundJob.findUnique({ where: { key: emailJobKey(email.id) } })).toBeNull()
    expect(await runQueuedJobs(db, testEnv)).toEqual([])
    expect(mailgun.requests).toHaveLength(0)
  })

  it('services use the process’s settings: with none in the environment, an invitation is delivered to the outbox', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    const to = `${unique('invitee')}@example.test`
    await caller.invitation.create({ email: to, roleId: (await roleOf(db, org.id, 'recruiter')).id })
    const email = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to } })
    expect(email).toMatchObject({ status: 'SENT', template: 'invitation', orgId: org.id })
    expect(await db.prisma.backgroundJob.count({ where: { kind: 'send-email' } })).toBe(0)
  })
})

describe('breach notification (scripts/breach-notice.ts)', () => {
  const notice = breachNoticeSchema.parse({
    reference: 'INC-2031-007',
    summary: 'A storage bucket was readable without authentication for six hours.',
    occurredAt: '2031-05-01T08:00:00Z',
    detectedAt: '2031-05-01T14:30:00Z',
    dataAffected: ['Interview recordings'],
    actionsTaken: ['Closed public access'],
    contactEmail: 'security@hireproof.example',
  })
  const operator = { id: 'script', email: 'ops@hireproof.example', ip: '', userAgent: 'vitest', requestId: unique('req') }

  it('previews, then emails every active owner once per reference, recorded in the platform log', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const coOwner = await createMember(db, org.id, 'owner')
    const admin = await createMember(db, org.id, 'admin')
    const suspended = await createMember(db, org.id, 'owner')
    await db.prisma.membership.update({
      where: { orgId_userId: { orgId: org.id, userId: suspended.id } },
      data: { status: 'SUSPENDED' },
    })

    const preview = await previewBreachNotice(db, org.id, notice)
    expect(preview.recipients.sort()).toEqual([owner.email, coOwner.email].sort())
    expect(preview.email.text).toContain('Write to security@hireproof.example, quoting INC-2031-007.')
    expect(await db.prisma.outboxEmail.count({ where: { orgId: org.id, template: 'breachNotification' } })).toBe(0)

    await sendBreachNotice(db, operator, org.id, notice)
    const sent = await db.prisma.outboxEmail.findMany({ where: { orgId: org.id, template: 'breachNotification' } })
    expect(sent.map((e) => e.to).sort()).toEqual([owner.email, coOwner.email].sort())
    expect(sent.every((e) => e.status === 'SENT' && e.subject.endsWith('(INC-2031-007)'))).toBe(true)
    expect(sent.map((e) => e.to)).not.toContain(admin.email)
    const events = await db.prisma.platformAuditEvent.findMany({
      where: { action: 'organization.breach_notified', targetId: org.id },
    })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorEmail: 'ops@hireproof.example', data: { reference: 'INC-2031-007', recipients: 2 } })

    await expect(sendBreachNotice(db, operator, org.id, notice)).rejects.toMatchObject({ code: 'CONFLICT' })
    await sendBreachNotice(db, operator, org.id, { ...notice, reference: 'INC-2031-007-2' })
    expect(await db.prisma.outboxEmail.count({ where: { orgId: org.id, template: 'breachNotification' } })).toBe(4)
  })

  it('refuses a notice without what was done, or an unknown organization', async () => {
    expect(breachNoticeSchema.safeParse({ ...notice, actionsTaken: [] }).success).toBe(false)
    await expect(previewBreachNotice(db, 'no-such-org', notice)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
