import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, callerAs, createUser, testMeta, unique } from '../factories'
import { databaseFingerprint } from '../setup/snapshot'
import { expectTRPCError } from './expect-error'
import { loadSubprocessorRegistry } from '../../server/services/trust/subprocessor-registry'
import { ndaInForce } from '../../server/services/trust/gated-documents'
import { subprocessorView } from '../../trust/subprocessors'
import { downloadLinkDays } from '../../trust/gated-documents'

/**
 * The platform console (sub-processor announcements, gated-document
 * decisions) and the public side of gated documents, through the API.
 */
const db = await useTestDatabase()
const dayMs = 86_400_000
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * dayMs).toISOString().slice(0, 10)
const slug = (prefix: string) => unique(prefix).toLowerCase()

async function platformAdmin() {
  const admin = await createUser(db, { isPlatformAdmin: true, email: `${unique('ops')}@hireproof.test` })
  return { admin, caller: (await callerAs(db, admin.id, null)).caller }
}

const visitor = (ip = `203.0.113.${Math.floor(Math.random() * 250)}`) => anonymousCaller(db, testMeta({ ip, userAgent: 'Procurement browser' })).caller

afterEach(() => {
  vi.useRealTimers()
})

const addition = (key: string, effectiveAt: string) => ({
  type: 'added' as const,
  key,
  summary: 'Acme Mail is added for transactional email in the EU.',
  effectiveAt,
  name: `Acme Mail ${key}`,
  entity: 'Acme Mail GmbH',
  purpose: 'Transactional email',
  dataShared: 'Recipient address and message content',
  location: 'Frankfurt, Germany',
  safeguard: 'Processing in the EU',
  optional: false,
  website: 'https://acme.example',
})

describe('sub-processor announcements', () => {
  it('refuses an effective date less than 30 days away, with the first allowed date, and changes nothing', async () => {
    const { caller } = await platformAdmin()
    const before = await databaseFingerprint(db)
    const error = await expectTRPCError(caller.platform.announceSubprocessorChange(addition(slug('early'), isoDay(29))), 'UNPROCESSABLE_CONTENT')
    expect(error.message).toContain(`choose ${isoDay(30)} or later`)
    expect(await databaseFingerprint(db)).toEqual(before)
  })

  it('publishes a change 30 days ahead: the list, the console and confirmed subscribers see it, and it is in the platform trail', async () => {
    const { admin, caller } = await platformAdmin()
    // A confirmed subscriber.
    const email = `${unique('subscriber')}@example.test`
    await db.prisma.trustSubscriber.create({ data: { email, confirmedAt: new Date(), unsubscribeTokenHash: unique('hash') } })

    const key = slug('acme')
    const result = await caller.platform.announceSubprocessorChange(addition(key, isoDay(30)))
    expect(result).toMatchObject({ id: `${isoDay(30).slice(0, 7)}-${key}-added`, effectiveAt: isoDay(30) })
    expect(result.notified).toBeGreaterThanOrEqual(1)

    const registry = await loadSubprocessorRegistry(db)
    const view = subprocessorView(registry, new Date())
    expect(view.upcoming.map((c) => c.id)).toContain(result.id)
    expect(view.current.map((s) => s.id)).not.toContain(key)
    expect(subprocessorView(registry, new Date(Date.now() + 31 * dayMs)).current.map((s) => s.id)).toContain(key)

    const notice = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: email, template: 'subprocessorChangeNotice' } })
    expect(notice.subject).toContain(`Acme Mail ${key}`)
    const subscriber = await db.prisma.trustSubscriber.findUniqueOrThrow({ where: { email }, include: { receipts: true } })
    expect(subscriber.receipts.map((r) => r.changeId)).toEqual([result.id])

    const trail = await db.prisma.platformAuditEvent.findFirstOrThrow({ where: { actorId: admin.id } })
    expect(trail).toMatchObject({ action: 'subprocessor.change_announced', targetId: result.id })

    const listed = await caller.platform.subprocessors()
    expect(listed.changes.find((c) => c.id === result.id)?.upcoming).toBe(true)
    expect(listed.earliestEffectiveDate).toBe(isoDay(30))
  })

  it('refuses an id already in use, an unknown provider, a second pending change and an empty change', async () => {
    const { caller } = await platformAdmin()
    await expectTRPCError(caller.platform.announceSubprocessorChange(addition('stripe', isoDay(40))), 'CONFLICT')
    await expectTRPCError(
      caller.platform.announceSubprocessorChange({ type: 'removed', key: slug('nobody'), summary: 'Gone.', effectiveAt: isoDay(40) }),
      'NOT_FOUND',
    )
    const key = slug('pending')
    await caller.platform.announceSubprocessorChange(addition(key, isoDay(35)))
    const second = await expectTRPCError(
      caller.platform.announceSubprocessorChange({ type: 'removed', key, summary: 'Acme leaves again.', effectiveAt: isoDay(60) }),
      'CONFLICT',
    )
    expect(second.message).toContain('already has an announced change')
    const empty = await expectTRPCError(
      caller.platform.announceSubprocessorChange({ type: 'changed', key: 'aws', summary: 'Nothing, really.', effectiveAt: isoDay(45) }),
      'BAD_REQUEST',
    )
    expect(empty.message).toContain('Say what changes')
    await expectTRPCError(caller.platform.announceSubprocessorChange({ ...addition(slug('bad'), 'next week'), website: 'http://plain.example' }), 'BAD_REQUEST')
  })

  it('keeps the platform trail append-only', async () => {
    const { caller } = await platformAdmin()
    await caller.platform.announceSubprocessorChange(addition(slug('trail'), isoDay(31)))
    await expect(db.prisma.platformAuditEvent.updateMany({ data: { action: 'edited' } })).rejects.toThrow(/append-only/)
    await expect(db.prisma.platformAuditEvent.deleteMany({})).rejects.toThrow(/append-only/)
  })
})

async function requestDocument(email: string, documentId = 'security-assessment-2026') {
  await visitor().trust.requestDocument({
    documentId,
    name: 'Pat Procurement',
    company: 'Buyer Ltd',
    email,
    ndaAccepted: true,
    ndaSha256: ndaInForce().sha256,
  })
  return db.prisma.gatedDocumentRequest.findFirstOrThrow({ where: { email, documentId }, orderBy: { createdAt: 'desc' } })
}

const linkIn = (text: string) => /\/trust\/documents\/download\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1]

function pdfText(base64: string) {
  const file = path.join(os.tmpdir(), `${unique('gated')}.pdf`)
  fs.writeFileSync(file, Buffer.from(base64, 'base64'))
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(file, { force: true })
  }
}

describe('gated documents', () => {
  it('stores the request with the exact NDA fingerprint and tells platform admins; asking again adds nothing', async () => {
    const { admin } = await platformAdmin()
    const email = `${unique('buyer')}@example.test`
    const request = await requestDocument(email)
    expect(request).toMatchObject({ status: 'pending', ndaVersion: '1.0', ndaSha256: ndaInForce().sha256, company: 'Buyer Ltd' })
    expect(request.ip).toMatch(/^203\.0\.113\./)
    expect(ndaInForce().sha256).toMatch(/^[0-9a-f]{64}$/)
    const note = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: admin.email, template: 'gatedDocumentRequested' } })
    expect(note.text).toContain(email)

    await requestDocument(email)
    expect(await db.prisma.gatedDocumentRequest.count({ where: { email } })).toBe(1)
  })

  it('refuses a request without the NDA, with a stale NDA fingerprint or for an unknown document, and stores nothing', async () => {
    const email = `${unique('buyer')}@example.test`
    const base = { documentId: 'security-architecture', name: 'Pat', company: 'Buyer Ltd', email, ndaAccepted: true as const, ndaSha256: ndaInForce().sha256 }
    const noNda = await expectTRPCError(visitor().trust.requestDocument({ ...base, ndaAccepted: false as unknown as true }), 'BAD_REQUEST')
    expect(noNda.message).toContain('Accept the confidentiality terms')
    const stale = await expectTRPCError(visitor().trust.requestDocument({ ...base, ndaSha256: 'a'.repeat(64) }), 'CONFLICT')
    expect(stale.message).toContain('The NDA changed')
    await expectTRPCError(visitor().trust.requestDocument({ ...base, documentId: 'secret-roadmap' }), 'BAD_REQUEST')
    expect(await db.prisma.gatedDocumentRequest.count({ where: { email } })).toBe(0)
  })

  it('rate-limits requests per address', async () => {
    const email = `${unique('flood')}@example.test`
    const documents = ['security-assessment-2026', 'security-architecture', 'security-assessment-2026']
    for (const documentId of documents) await requestDocument(email, documentId)
    await expectTRPCError(requestDocument(email, 'security-architecture'), 'TOO_MANY_REQUESTS')
  })

  it('approval emails a link that downloads a PDF watermarked with the requester on every page, logged each time', async () => {
    const { caller } = await platformAdmin()
    const email = `${unique('buyer')}@example.test`
    const request = await requestDocument(email)
    const pending = await caller.platform.documentRequests({ status: 'pending' })
    expect(pending.find((r) => r.id === request.id)).toMatchObject({ documentTitle: 'Security assessment summary, 2026', downloadCount: 0 })
    expect(pending.find((r) => r.id === request.id)).not.toHaveProperty('downloadTokenHash')

    const decided = await caller.platform.decideDocumentRequest({ requestId: request.id, decision: 'approve' })
    expect(decided.status).toBe('approved')
    await expectTRPCError(caller.platform.decideDocumentRequest({ requestId: request.id, decision: 'deny' }), 'CONFLICT')

    const mail = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: email, template: 'gatedDocumentApproved' } })
    const token = linkIn(mail.text)!
    expect(token).toBeTruthy()
    const stored = await db.prisma.gatedDocumentRequest.findUniqueOrThrow({ where: { id: request.id } })
    expect(stored.downloadTokenHash).not.toContain(token)

    const described = await visitor().trust.describeDownload({ token })
    expect(described).toMatchObject({ documentTitle: 'Security assessment summary, 2026', email })

    const first = await visitor('198.51.100.7').trust.downloadDocument({ token })
    expect(first.filename).toBe('hireproof-security-assessment-2026.pdf')
    const bytes = Buffer.from(first.base64, 'base64')
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const text = pdfText(first.base64)
    const pages = text.split('\f').filter((p) => p.trim())
    expect(pages.length).toBeGreaterThanOrEqual(1)
    for (const page of pages) {
      expect(page.replace(/\s+/g, ' ')).toContain(`Prepared for Pat Procurement <${email}>, Buyer Ltd. Request ${request.id}`)
    }
    expect(text).toContain('Security assessment summary, 2026')
    expect(text).toContain('HP-2026-01')

    await visitor().trust.downloadDocument({ token })
    const downloads = await db.prisma.gatedDocumentDownload.findMany({ where: { requestId: request.id }, orderBy: { downloadedAt: 'asc' } })
    expect(downloads).toHaveLength(2)
    expect(downloads[0]).toMatchObject({ ip: '198.51.100.7', sha256: first.sha256 })
    expect(downloads[0]!.watermark).toContain(email)
    const listed = await caller.platform.documentRequests({ status: 'approved' })
    expect(listed.find((r) => r.id === request.id)?.downloadCount).toBe(2)
  })

  it('the link stops working when it expires, and a denied request gets no link', async () => {
    const { caller } = await platformAdmin()
    const email = `${unique('buyer')}@example.test`
    const request = await requestDocument(email)
    await caller.platform.decideDocumentRequest({ requestId: request.id, decision: 'approve' })
    const token = linkIn((await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: email, template: 'gatedDocumentApproved' } })).text)!

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + downloadLinkDays * dayMs - 60_000 })
    await visitor().trust.downloadDocument({ token })
    vi.setSystemTime(Date.now() + 120_000)
    const expired = await expectTRPCError(visitor().trust.downloadDocument({ token }), 'NOT_FOUND')
    expect(expired.message).toContain('invalid or has expired')
    await expectTRPCError(visitor().trust.describeDownload({ token }), 'NOT_FOUND')
    vi.useRealTimers()
    expect(await db.prisma.gatedDocumentDownload.count({ where: { requestId: request.id } })).toBe(1)

    const deniedEmail = `${unique('buyer')}@example.test`
    const denied = await requestDocument(deniedEmail, 'security-architecture')
    await caller.platform.decideDocumentRequest({ requestId: denied.id, decision: 'deny', note: 'We share this with customers under contract only.' })
    const stored = await db.prisma.gatedDocumentRequest.findUniqueOrThrow({ where: { id: denied.id } })
    expect(stored).toMatchObject({ status: 'denied', downloadTokenHash: null, decisionNote: 'We share this with customers under contract only.' })
    const mail = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: deniedEmail, template: 'gatedDocumentDenied' } })
    expect(linkIn(mail.text)).toBeUndefined()
    await expectTRPCError(visitor().trust.downloadDocument({ token: 'x'.repeat(43) }), 'NOT_FOUND')
  })
})
