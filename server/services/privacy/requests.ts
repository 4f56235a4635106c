import crypto from 'node:crypto'
import type { PrivacyRequestKind, Prisma } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { candidateWhere } from '../../authz/where'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import type { BlobStore } from '../../storage'
import { candidateExport, candidateExportCsv } from './candidate-export'
import { cancelQueuedWork } from './processing'
import { eraseCandidateRows, eraseFiles } from './erasure'
import { enqueueEmail } from '../mail/outbox'
import { defaultLanguageFor } from '../consent/notices'

/**
 * Data-subject requests about candidates. A request is recorded when it
 * arrives (due in 30 days) and completed by an explicit action whose effect
 * depends on its kind:
 *
 * - ACCESS / PORTABILITY: the candidate's data as JSON and CSV; the proof
 *   holds the SHA-256 of the JSON handed over.
 * - RECTIFICATION: the corrected name, email, phone or location.
 * - ERASURE: every row and file about the candidate (see erasure.ts).
 * - RESTRICTION / OBJECTION / CONSENT_WITHDRAWAL: processing stops (no
 *   recording, transcription, CV reading or AI analysis) until lifted.
 *
 * Requests and their audit events hold no personal data: the subject is the
 * candidate id while they exist, and a hash of it after erasure.
 *
 * Emailing the candidate is opt-in per action (`notifyCandidate`): received,
 * completed, rejected (with the reason), in their notice language, and only
 * when we have their address. A completed erasure is never emailed: the
 * email would keep the address the erasure removes.
 */
export const privacyRequestDueDays = 30

export const subjectRefOf = (orgId: string, candidateId: string) =>
  crypto.createHash('sha256').update(`hireproof-subject:${orgId}:${candidateId}`).digest('hex')

async function visibleCandidate(db: Database, access: Access, candidateId: string) {
  const candidate = await db.prisma.candidate.findFirst({ where: { AND: [{ id: candidateId }, candidateWhere(access)] }, select: { id: true, name: true } })
  if (!candidate) throw new AppError('NOT_FOUND', 'Candidate not found')
  return candidate
}

type RequestFacts = { id: string; orgId: string; kind: PrivacyRequestKind; receivedAt: Date; dueAt: Date }

/** Emails the candidate about their request, in the same transaction; false when we have no address for them. */
async function emailCandidate(
  tx: Prisma.TransactionClient,
  candidateId: string,
  request: RequestFacts,
  update: 'received' | 'completed' | 'rejected',
  reason?: string,
) {
  const candidate = await tx.candidate.findFirst({
    where: { id: candidateId, orgId: request.orgId },
    select: { email: true, country: true, org: { select: { name: true } } },
  })
  if (!candidate?.email) return false
  await enqueueEmail(tx, {
    to: candidate.email,
    orgId: request.orgId,
    template: 'privacyRequestUpdate',
    data: {
      organization: candidate.org.name,
      language: defaultLanguageFor(candidate.country),
      kind: request.kind,
      update,
      receivedAt: request.receivedAt,
      dueAt: request.dueAt,
      reason,
    },
  })
  return true
}

async function openRequest(db: Database, access: Access, requestId: string) {
  const request = await db.prisma.privacyRequest.findFirst({ where: { id: requestId, orgId: access.orgId } })
  if (!request) throw new AppError('NOT_FOUND', 'Request not found')
  if (request.status !== 'OPEN') throw new AppError('CONFLICT', 'This request is already closed.')
  if (!request.candidateId) throw new AppError('CONFLICT', 'The candidate of this request no longer exists.')
  return request as typeof request & { candidateId: string }
}

export async function createPrivacyRequest(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { candidateId: string; kind: PrivacyRequestKind; note: string; receivedAt?: Date; notifyCandidate?: boolean },
) {
  const candidate = await visibleCandidate(db, access, input.candidateId)
  const receivedAt = input.receivedAt ?? new Date()
  if (receivedAt.getTime() > Date.now() + 60_000) throw new AppError('BAD_REQUEST', 'The date received cannot be in the future.', { receivedAt: 'In the future' })
  return db.prisma.$transaction(async (tx) => {
    const request = await tx.privacyRequest.create({
      data: {
        orgId: access.orgId,
        kind: input.kind,
        candidateId: candidate.id,
        subjectRef: subjectRefOf(access.orgId, candidate.id),
        note: input.note.trim(),
        receivedAt,
        dueAt: new Date(receivedAt.getTime() + privacyRequestDueDays * 86_400_000),
        createdById: access.userId,
      },
    })
    const candidateEmailed = input.notifyCandidate ? await emailCandidate(tx, candidate.id, request, 'received') : false
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'privacy_request.created',
      targets: [{ type: 'privacy_request', id: request.id }, { type: 'candidate', id: candidate.id }],
      metadata: { kind: input.kind, dueAt: request.dueAt.toISOString(), candidateEmailed },
    })
    return { id: request.id, dueAt: request.dueAt, candidateEmailed }
  })
}

export async function listPrivacyRequests(db: Database, access: Access) {
  const requests = await db.prisma.privacyRequest.findMany({ where: { orgId: access.orgId }, orderBy: [{ status: 'asc' }, { dueAt: 'asc' }], take: 500 })
  const candidates = await db.prisma.candidate.findMany({
    where: { id: { in: requests.flatMap((r) => (r.candidateId ? [r.candidateId] : [])) }, orgId: access.orgId },
    select: { id: true, name: true },
  })
  const now = Date.now()
  return requests.map((r) => ({
    ...r,
    candidateName: candidates.find((c) => c.id === r.candidateId)?.name ?? null,
    overdue: r.status === 'OPEN' && r.dueAt.getTime() < now,
  }))
}

/** The access/portability package of an open or completed access request (JSON and CSV). */
export async function privacyExport(db: Database, access: Access, requestId: string) {
  const request = await db.prisma.privacyRequest.findFirst({ where: { id: requestId, orgId: access.orgId } })
  if (!request || (request.kind !== 'ACCESS' && request.kind !== 'PORTABILITY')) throw new AppError('NOT_FOUND', 'Request not found')
  if (!request.candidateId) throw new AppError('CONFLICT', 'The candidate of this request no longer exists.')
  const data = await candidateExport(db, access.orgId, request.candidateId)
  const json = JSON.stringify(data, null, 2)
  return { json, csv: candidateExportCsv(data), sha256: crypto.createHash('sha256').update(json).digest('hex') }
}

export type Rectification = { name?: string; email?: string | null; phone?: string | null; location?: string; country?: string }

/** Completes a request by doing what it asks. Rectification takes the corrected fields. */
export async function completePrivacyRequest(
  db: Database,
  blobs: BlobStore,
  access: Access,
  audit: AuditContext,
  input: { requestId: string; rectification?: Rectification; notifyCandidate?: boolean },
) {
  const request = await openRequest(db, access, input.requestId)
  if (input.notifyCandidate && request.kind === 'ERASURE') {
    const message =
      'An erasure cannot be confirmed by email: the address is erased too. ' +
      'Tell the candidate through the channel their request came by.'
    throw new AppError('BAD_REQUEST', message, { notifyCandidate: 'Not for an erasure' })
  }
  await visibleCandidate(db, access, request.candidateId)
  let proof: Record<string, unknown> = {}
  let storageKeys: string[] = []
  if (request.kind === 'ACCESS' || request.kind === 'PORTABILITY') {
    const { sha256 } = await privacyExport(db, access, request.id)
    proof = { exportSha256: sha256, formats: ['json', 'csv'] }
  }
  if (request.kind === 'RECTIFICATION' && (!input.rectification || Object.keys(input.rectification).length === 0)) {
    throw new AppError('BAD_REQUEST', 'Give the corrected details.', { rectification: 'Required' })
  }
  let candidateEmailed = false
  await db.prisma.$transaction(async (tx) => {
    // Closed once: a concurrent completion finds it no longer open.
    const { count } = await tx.privacyRequest.updateMany({ where: { id: request.id, status: 'OPEN' }, data: { status: 'COMPLETED' } })
    if (count !== 1) throw new AppError('CONFLICT', 'This request is already closed.')
    switch (request.kind) {
      case 'RECTIFICATION': {
        const fields = input.rectification!
        await tx.candidate.update({ where: { id: request.candidateId }, data: fields })
        proof = { fieldsCorrected: Object.keys(fields).sort() }
        break
      }
      case 'RESTRICTION':
      case 'OBJECTION':
      case 'CONSENT_WITHDRAWAL': {
        const reason = { RESTRICTION: 'restriction requested', OBJECTION: 'objection to processing', CONSENT_WITHDRAWAL: 'consent withdrawn' }[request.kind]
        await tx.candidate.update({ where: { id: request.candidateId }, data: { processingRestrictedAt: new Date(), processingRestrictionReason: reason } })
        // Work already queued for the candidate stops here.
        const cancelled = await cancelQueuedWork(tx, request.candidateId, ['cv', 'recording', 'analysis'])
        proof = { processingRestricted: true, reason, queuedJobsCancelled: cancelled }
        break
      }
      case 'ERASURE': {
        const erased = await eraseCandidateRows(tx, access.orgId, request.candidateId)
        storageKeys = erased.storageKeys
        proof = { rowsDeleted: erased.counts, files: storageKeys.length }
        // Requests about the erased candidate keep only the subject hash; their notes go too (they may quote the person).
        await tx.privacyRequest.updateMany({ where: { orgId: access.orgId, candidateId: request.candidateId }, data: { candidateId: null, note: '' } })
        break
      }
    }
    await tx.privacyRequest.update({
      where: { id: request.id },
      data: { completedAt: new Date(), completedById: access.userId, proof: proof as Prisma.InputJsonValue },
    })
    // After a rectification, to the corrected address.
    if (input.notifyCandidate) candidateEmailed = await emailCandidate(tx, request.candidateId, request, 'completed')
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'privacy_request.completed',
      targets: [{ type: 'privacy_request', id: request.id }],
      metadata: { kind: request.kind, proof, candidateEmailed },
    })
  })
  if (storageKeys.length) {
    const files = await eraseFiles(blobs, storageKeys)
    proof = { ...proof, filesDeleted: files }
    await db.prisma.privacyRequest.update({ where: { id: request.id }, data: { proof: proof as Prisma.InputJsonValue } })
  }
  return { kind: request.kind, proof, candidateEmailed }
}

/** Closes an open request without doing what it asks; the reason is kept as the proof (and told to the candidate if asked). */
export async function rejectPrivacyRequest(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { requestId: string; reason: string; notifyCandidate?: boolean },
) {
  const request = await db.prisma.privacyRequest.findFirst({ where: { id: input.requestId, orgId: access.orgId } })
  if (!request) throw new AppError('NOT_FOUND', 'Request not found')
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.privacyRequest.updateMany({
      where: { id: request.id, status: 'OPEN' },
      data: { status: 'REJECTED', completedAt: new Date(), completedById: access.userId, proof: { rejectedBecause: input.reason.trim() } },
    })
    if (count !== 1) throw new AppError('CONFLICT', 'This request is already closed.')
    const candidateEmailed =
      input.notifyCandidate && request.candidateId
        ? await emailCandidate(tx, request.candidateId, request, 'rejected', input.reason.trim())
        : false
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'privacy_request.rejected',
      targets: [{ type: 'privacy_request', id: request.id }],
      metadata: { kind: request.kind, candidateEmailed },
    })
    return { rejected: true, candidateEmailed }
  })
}

/** Lifts a restriction, objection or consent withdrawal (e.g. the candidate consents again). */
export async function liftProcessingRestriction(db: Database, access: Access, audit: AuditContext, input: { candidateId: string }) {
  const candidate = await visibleCandidate(db, access, input.candidateId)
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.candidate.updateMany({
      where: { id: candidate.id, processingRestrictedAt: { not: null } },
      data: { processingRestrictedAt: null, processingRestrictionReason: null },
    })
    if (count !== 1) throw new AppError('CONFLICT', 'Processing of this candidate is not restricted.')
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'privacy_request.restriction_lifted',
      targets: [{ type: 'candidate', id: candidate.id }],
    })
    return { lifted: true }
  })
}
