import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import type { AnnouncedChange } from './subscriptions'

/**
 * A customer organization's objection to an announced sub-processor change.
 * Possible only during the notice period (from announcement until the change
 * takes effect); one objection per organization and change, which may be
 * reworded until the deadline. Recorded against the organization and audited.
 */
const day = (date: string) => Date.parse(`${date}T00:00:00Z`)

export const inNoticePeriod = (change: AnnouncedChange, now: Date) =>
  day(change.announcedAt) <= now.getTime() && now.getTime() < day(change.effectiveAt)

export async function listOpenNotices(db: Database, orgId: string, changes: AnnouncedChange[], now = new Date()) {
  const open = changes.filter((c) => inNoticePeriod(c, now))
  const objections = await db.prisma.subprocessorObjection.findMany({
    where: { orgId, changeId: { in: open.map((c) => c.id) } },
  })
  return open.map((change) => ({ change, objection: objections.find((o) => o.changeId === change.id) ?? null }))
}

export async function fileObjection(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { change: AnnouncedChange | undefined; reason: string },
  now = new Date(),
) {
  const { change } = input
  // Not announced yet is the same as unknown: announcements are public only from their date.
  if (!change || day(change.announcedAt) > now.getTime()) throw new AppError('NOT_FOUND', 'No such sub-processor change')
  if (!inNoticePeriod(change, now)) {
    throw new AppError('UNPROCESSABLE', `The notice period for this change ended on ${change.effectiveAt}`)
  }
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.subprocessorObjection.findUnique({ where: { orgId_changeId: { orgId: access.orgId, changeId: change.id } } })
    const objection = await tx.subprocessorObjection.upsert({
      where: { orgId_changeId: { orgId: access.orgId, changeId: change.id } },
      create: { orgId: access.orgId, changeId: change.id, reason: input.reason, createdById: access.userId },
      update: { reason: input.reason, createdById: access.userId },
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'subprocessor.objection_filed',
      targets: [{ type: 'subprocessor_change', id: change.id, label: change.subprocessorName }],
      metadata: { before: before ? { reason: before.reason } : null, after: { reason: input.reason } },
    })
    return objection
  })
}
