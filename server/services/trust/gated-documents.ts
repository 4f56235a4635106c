import crypto from 'node:crypto'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import { generateToken, hashToken } from '../../auth/tokens'
import { recordPlatformEvent, type PlatformActor } from '../../audit/platform'
import { enqueueEmail } from '../mail/outbox'
import { enforceRateLimits } from '../rate-limit/rate-limit'
import { normalizeEmail } from '../accounts/accounts'
import { loadDocument } from '../../../trust/markdown.server'
import { currentNda, downloadLinkDays, findGatedDocument, type GatedDocument } from '../../../trust/gated-documents'
import { renderWatermarkedPdf } from './watermarked-pdf'

/**
 * Gated trust documents: a visitor asks for a document and accepts the NDA
 * (its version and the SHA-256 of its exact text are stored); a platform
 * administrator approves or denies; an approval emails a download link that
 * works for `downloadLinkDays`; each download is logged with the watermark
 * the PDF carried. Only token hashes are stored.
 */
export const documentRequestLimits = { perIp: { limit: 5, windowSeconds: 3600 }, perEmail: { limit: 3, windowSeconds: 3600 } }

export type RequestMeta = { ip: string; userAgent: string }

/** The NDA in force, with the fingerprint a request must carry. */
export function ndaInForce() {
  const { source, html } = loadDocument(currentNda.file)
  return { version: currentNda.version, html, sha256: crypto.createHash('sha256').update(source, 'utf8').digest('hex') }
}

export async function requestGatedDocument(
  db: Database,
  input: { documentId: string; name: string; company: string; email: string; ndaSha256: string },
  meta: RequestMeta,
  appUrl: string,
  now = new Date(),
) {
  const email = normalizeEmail(input.email)
  await enforceRateLimits(
    db,
    [
      [`gated-document:ip:${meta.ip}`, documentRequestLimits.perIp],
      [`gated-document:email:${email}`, documentRequestLimits.perEmail],
    ],
    () => 'Too many requests. Try again in an hour.',
    now,
  )
  const document = findGatedDocument(input.documentId)
  if (!document) throw new AppError('BAD_REQUEST', 'Choose one of the documents listed.', { documentId: 'Choose a document' })
  const nda = ndaInForce()
  if (input.ndaSha256 !== nda.sha256) {
    throw new AppError('CONFLICT', 'The NDA changed since you opened this page. Read the current version and submit again.')
  }
  // Asking twice while a request is open changes nothing; the answer is the same.
  const open = await db.prisma.gatedDocumentRequest.findFirst({ where: { email, documentId: document.id, status: 'pending' } })
  if (open) return { id: open.id }

  return db.prisma.$transaction(async (tx) => {
    const request = await tx.gatedDocumentRequest.create({
      data: {
        documentId: document.id,
        name: input.name,
        company: input.company,
        email,
        ndaVersion: nda.version,
        ndaSha256: nda.sha256,
        ndaAcceptedAt: now,
        ip: meta.ip,
        userAgent: meta.userAgent.slice(0, 500),
        createdAt: now,
      },
    })
    const reviewers = await tx.user.findMany({ where: { isPlatformAdmin: true }, select: { email: true } })
    for (const reviewer of reviewers) {
      await enqueueEmail(tx, {
        to: reviewer.email,
        template: 'gatedDocumentRequested',
        data: { documentTitle: document.title, name: input.name, company: input.company, email, reviewUrl: `${appUrl}/platform/documents` },
      })
    }
    return { id: request.id }
  })
}

export async function listDocumentRequests(db: Database, filter: { status?: 'pending' | 'approved' | 'denied' }) {
  const requests = await db.prisma.gatedDocumentRequest.findMany({
    where: filter.status ? { status: filter.status } : {},
    orderBy: { createdAt: 'desc' },
    take: 200,
    include: { downloads: { orderBy: { downloadedAt: 'desc' }, select: { downloadedAt: true, ip: true } } },
  })
  return requests.map(({ downloadTokenHash: _hash, userAgent: _ua, downloads, ...request }) => ({
    ...request,
    documentTitle: findGatedDocument(request.documentId)?.title ?? request.documentId,
    downloadCount: downloads.length,
    lastDownload: downloads[0] ?? null,
  }))
}

export async function decideDocumentRequest(
  db: Database,
  actor: PlatformActor,
  input: { requestId: string; decision: 'approve' | 'deny'; note?: string },
  appUrl: string,
  now = new Date(),
) {
  const request = await db.prisma.gatedDocumentRequest.findUnique({ where: { id: input.requestId } })
  if (!request) throw new AppError('NOT_FOUND', 'No such document request')
  if (request.status !== 'pending') throw new AppError('CONFLICT', `This request was already ${request.status}.`)
  const document = findGatedDocument(request.documentId)
  if (!document) throw new AppError('UNPROCESSABLE', 'This document is no longer offered; deny the request instead.')

  const approve = input.decision === 'approve'
  const token = approve ? generateToken() : null
  const expiresAt = approve ? new Date(now.getTime() + downloadLinkDays * 86_400_000) : null
  await db.prisma.$transaction(async (tx) => {
    // Only a pending request changes: a concurrent decision makes this one fail.
    const updated = await tx.gatedDocumentRequest.updateMany({
      where: { id: request.id, status: 'pending' },
      data: {
        status: approve ? 'approved' : 'denied',
        decidedById: actor.id,
        decidedAt: now,
        decisionNote: input.note || null,
        downloadTokenHash: token ? hashToken(token) : null,
        downloadExpiresAt: expiresAt,
      },
    })
    if (updated.count === 0) throw new AppError('CONFLICT', 'Someone else decided this request a moment ago.')
    await recordPlatformEvent(tx, actor, {
      action: approve ? 'gated_document.request_approved' : 'gated_document.request_denied',
      target: { type: 'gated_document_request', id: request.id },
      data: { document: document.id, requester: request.email, company: request.company, note: input.note ?? null, expiresAt },
    })
    if (approve) {
      await enqueueEmail(tx, {
        to: request.email,
        template: 'gatedDocumentApproved',
        data: {
          name: request.name,
          documentTitle: document.title,
          downloadUrl: `${appUrl}/trust/documents/download?token=${token}`,
          expiresAt: expiresAt!,
        },
      })
    } else {
      await enqueueEmail(tx, {
        to: request.email,
        template: 'gatedDocumentDenied',
        data: { name: request.name, documentTitle: document.title, note: input.note ?? '' },
      })
    }
  })
  return { id: request.id, status: approve ? 'approved' : 'denied', expiresAt }
}

async function findApprovedRequest(db: Database, token: string, now: Date) {
  if (!token || token.length > 200) return null
  const request = await db.prisma.gatedDocumentRequest.findUnique({ where: { downloadTokenHash: hashToken(token) } })
  if (!request || request.status !== 'approved' || !request.downloadExpiresAt || request.downloadExpiresAt <= now) return null
  const document = findGatedDocument(request.documentId)
  return document ? { request, document } : null
}

const invalidLink = () =>
  new AppError('NOT_FOUND', 'This download link is invalid or has expired. Request the document again from the trust center.')

/** What the download page shows before the visitor presses Download. */
export async function describeDownload(db: Database, token: string, now = new Date()) {
  const found = await findApprovedRequest(db, token, now)
  if (!found) throw invalidLink()
  return {
    documentTitle: found.document.title,
    name: found.request.name,
    email: found.request.email,
    company: found.request.company,
    expiresAt: found.request.downloadExpiresAt!,
  }
}

export function watermarkFor(request: { id: string; name: string; email: string; company: string }, at: Date) {
  const when = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  return `Prepared for ${request.name} <${request.email}>, ${request.company}. Request ${request.id}, downloaded ${when}.`
}

/** Renders the watermarked PDF and logs the download. */
export async function downloadGatedDocument(db: Database, token: string, meta: RequestMeta, now = new Date()) {
  const found = await findApprovedRequest(db, token, now)
  if (!found) throw invalidLink()
  const { request, document } = found
  const watermark = watermarkFor(request, now)
  const pdf = await renderWatermarkedPdf({
    title: document.title,
    markdown: loadDocument(document.file).source,
    watermark: { text: watermark },
    createdAt: now,
  })
  const sha256 = crypto.createHash('sha256').update(pdf).digest('hex')
  await db.prisma.gatedDocumentDownload.create({
    data: { requestId: request.id, downloadedAt: now, ip: meta.ip, userAgent: meta.userAgent.slice(0, 500), watermark, sha256 },
  })
  return { filename: fileNameFor(document), pdf, sha256 }
}

const fileNameFor = (document: GatedDocument) => `hireproof-${document.id}.pdf`
