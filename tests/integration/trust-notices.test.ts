import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, callerAs, createMember, createOrgWithOwner, testMeta, unique } from '../factories'
import { expectTRPCError } from './expect-error'
import { sendSubprocessorNotices, subscribeLimits, type AnnouncedChange } from '../../server/services/trust/subscriptions'
import { fileObjection } from '../../server/services/trust/objections'
import { resolveAccess } from '../../server/authz/access'
import { systemAuditContext } from '../../server/audit/append'

const db = await useTestDatabase()
const appUrl = 'http://localhost:3999'

async function lastEmailTo(to: string) {
  return db.prisma.outboxEmail.findFirst({ where: { to }, orderBy: { createdAt: 'desc' } })
}
const tokenIn = (text: string, path: string) => new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1]

async function subscribed(email: string) {
  const { caller } = anonymousCaller(db, testMeta({ ip: `198.51.100.${Math.floor(Math.random() * 250)}` }))
  await caller.trust.subscribe({ email })
  const confirm = tokenIn((await lastEmailTo(email))!.text, '/trust/subscription/confirm')!
  expect((await caller.trust.pendingSubscription({ token: confirm })).email).toBe(email)
  await caller.trust.confirmSubscription({ token: confirm })
  return caller
}

const today = new Date().toISOString().slice(0, 10)
const change = (id: string, announcedAt = today): AnnouncedChange => ({
  id,
  subprocessorName: 'Example Cloud',
  type: 'added',
  summary: 'Example Cloud is added for backups.',
  announcedAt,
  effectiveAt: '2099-01-01',
})

describe('sub-processor notices', () => {
  it('double opt-in: nothing is sent to an address until its owner confirms', async () => {
    const email = `${unique('sub')}@example.test`
    const { caller } = anonymousCaller(db)
    await caller.trust.subscribe({ email })
    const pending = await db.prisma.trustSubscriber.findUniqueOrThrow({ where: { email } })
    expect(pending.confirmedAt).toBeNull()
    expect(await sendSubprocessorNotices(db, [change(unique('c'))], appUrl)).toBe(0)

    const message = (await lastEmailTo(email))!
    expect(message.subject).toBe('Confirm your Hireproof sub-processor notices')
    const token = tokenIn(message.text, '/trust/subscription/confirm')!
    await caller.trust.confirmSubscription({ token })
    await expectTRPCError(caller.trust.confirmSubscription({ token }), 'NOT_FOUND') // single use
  })

  it('emails confirmed subscribers once per change, keeps a receipt, and stops after unsubscribe', async () => {
    const email = `${unique('sub')}@example.test`
    const caller = await subscribed(email)
    const first = change(unique('change'))
    const sentNow = await sendSubprocessorNotices(db, [first], appUrl)
    expect(sentNow).toBeGreaterThanOrEqual(1)
    expect(await sendSubprocessorNotices(db, [first], appUrl)).toBe(0) // idempotent

    const subscriber = await db.prisma.trustSubscriber.findUniqueOrThrow({ where: { email }, include: { receipts: true } })
    expect(subscriber.receipts).toHaveLength(1)
    const notice = (await lastEmailTo(email))!
    expect(subscriber.receipts[0]).toMatchObject({ changeId: first.id, emailId: notice.id })
    expect(notice.subject).toContain('Example Cloud added')

    await caller.trust.unsubscribe({ token: tokenIn(notice.text, '/trust/subscription/unsubscribe')! })
    await sendSubprocessorNotices(db, [change(unique('later'))], appUrl)
    expect(await db.prisma.trustNoticeReceipt.count({ where: { subscriberId: subscriber.id } })).toBe(1)
  })

  it('does not send changes announced before the subscriber confirmed', async () => {
    const email = `${unique('sub')}@example.test`
    await subscribed(email)
    await sendSubprocessorNotices(db, [change(unique('old'), '2020-01-01')], appUrl)
    expect(await db.prisma.trustNoticeReceipt.count({ where: { subscriber: { email } } })).toBe(0)
  })

  it('answers the same for a subscribed address and sends it nothing', async () => {
    const email = `${unique('sub')}@example.test`
    const caller = await subscribed(email)
    const emails = await db.prisma.outboxEmail.count({ where: { to: email } })
    expect(await caller.trust.subscribe({ email })).toEqual({ requested: true })
    expect(await db.prisma.outboxEmail.count({ where: { to: email } })).toBe(emails)
  })

  it('rejects bad input and throttles one address, storing nothing', async () => {
    const before = await db.prisma.trustSubscriber.count()
    const { caller } = anonymousCaller(db, testMeta({ ip: '192.0.2.77' }))
    await expectTRPCError(caller.trust.subscribe({ email: 'not-an-email' }), 'BAD_REQUEST')
    await expectTRPCError(caller.trust.confirmSubscription({ token: 'short' }), 'BAD_REQUEST')
    await expectTRPCError(caller.trust.confirmSubscription({ token: 'x'.repeat(43) }), 'NOT_FOUND')
    expect(await db.prisma.trustSubscriber.count()).toBe(before)
    for (let i = 0; i < subscribeLimits.perIp.limit; i++) await caller.trust.subscribe({ email: `${unique('flood')}@example.test` })
    const before2 = await db.prisma.trustSubscriber.count()
    await expectTRPCError(caller.trust.subscribe({ email: `${unique('flood')}@example.test` }), 'TOO_MANY_REQUESTS')
    expect(await db.prisma.trustSubscriber.count()).toBe(before2)
  })
})

describe('objections to sub-processor changes', () => {
  const open = change('2026-xx-open', '2026-01-10')
  const openChange = { ...open, effectiveAt: '2026-02-20' }
  const during = new Date('2026-01-20T12:00:00Z')

  it('an admin objects during the notice period, once per change, audited; the reason can be reworded', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const access = resolveAccess({ orgId: org.id, userId: owner.id, role: (await db.prisma.role.findFirstOrThrow({ where: { orgId: org.id, key: 'owner' } })), overrides: [] })
    await fileObjection(db, access, systemAuditContext(), { change: openChange, reason: 'Data must stay in the EU.' }, during)
    await fileObjection(db, access, systemAuditContext(), { change: openChange, reason: 'Data must stay in the EU, no US transfers.' }, during)
    const objections = await db.prisma.subprocessorObjection.findMany({ where: { orgId: org.id } })
    expect(objections).toHaveLength(1)
    expect(objections[0]!.reason).toBe('Data must stay in the EU, no US transfers.')
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'subprocessor.objection_filed' }, orderBy: { seq: 'desc' } })
    expect(event.metadata).toMatchObject({ before: { reason: 'Data must stay in the EU.' } })
  })

  it('is refused before the announcement and after the change took effect, changing nothing', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const access = resolveAccess({ orgId: org.id, userId: owner.id, role: (await db.prisma.role.findFirstOrThrow({ where: { orgId: org.id, key: 'owner' } })), overrides: [] })
    await expect(fileObjection(db, access, systemAuditContext(), { change: openChange, reason: 'Too late for this one.' }, new Date('2026-03-01'))).rejects.toThrow(/notice period for this change ended on 2026-02-20/)
    await expect(fileObjection(db, access, systemAuditContext(), { change: openChange, reason: 'Too early for this one.' }, new Date('2026-01-01'))).rejects.toThrow(/No such sub-processor change/)
    expect(await db.prisma.subprocessorObjection.count({ where: { orgId: org.id } })).toBe(0)
  })

  it('through the API: unknown changes are NOT_FOUND, short reasons are refused, viewers are FORBIDDEN', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    await expectTRPCError(caller.trust.fileObjection({ change: 'no-such-change', reason: 'A reason that is long enough.' }), 'NOT_FOUND')
    await expectTRPCError(caller.trust.fileObjection({ change: 'no-such-change', reason: 'short' }), 'BAD_REQUEST')
    const viewer = await createMember(db, org.id, 'viewer')
    await expectTRPCError((await callerAs(db, viewer.id, org.id)).caller.trust.openNotices(), 'FORBIDDEN')
    expect(Array.isArray(await caller.trust.openNotices())).toBe(true)
  })
})
