import { z } from 'zod'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import { recordPlatformEvent, type PlatformActor } from '../../audit/platform'
import { enqueueEmail } from './outbox'
import { emailTemplates } from './templates'

/**
 * A personal-data breach notification to one organization's owners (the controller's people), sent by the
 * operator with `scripts/breach-notice.ts`. Preview first: the same rendering, and the recipients, without
 * sending. Sending queues one email per active owner and records `organization.breach_notified` in the
 * platform log, in one transaction. A reference is sent once per organization: an update gets its own
 * reference (INC-7-2), so a repeated command cannot email the owners twice.
 */
const line = (label: string, max = 500) => z.string().trim().min(3, `${label}: at least 3 characters`).max(max)

export const breachNoticeSchema = z.object({
  reference: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/, 'reference: 2 to 40 letters, digits, dots, dashes'),
  summary: line('summary', 4000),
  occurredAt: z.coerce.date().nullable().default(null),
  detectedAt: z.coerce.date(),
  dataAffected: z.array(line('dataAffected')).max(30).default([]),
  actionsTaken: z.array(line('actionsTaken')).min(1, 'actionsTaken: say what was done').max(30),
  recommendedActions: z.array(line('recommendedActions')).max(30).default([]),
  contactEmail: z.string().trim().email('contactEmail: an email address'),
})
export type BreachNotice = z.infer<typeof breachNoticeSchema>

async function ownersOf(db: Database, orgId: string) {
  const org = await db.prisma.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true } })
  if (!org) throw new AppError('NOT_FOUND', 'Organization not found')
  const owners = await db.prisma.membership.findMany({
    where: { orgId, status: 'ACTIVE', role: { key: 'owner' } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: 'asc' },
  })
  if (!owners.length) throw new AppError('CONFLICT', 'The organization has no active owner to notify.')
  return { org, recipients: owners.map((o) => o.user.email) }
}

/** What would be sent, to whom; sends nothing. */
export async function previewBreachNotice(db: Database, orgId: string, notice: BreachNotice) {
  const { org, recipients } = await ownersOf(db, orgId)
  return { orgName: org.name, recipients, email: emailTemplates.breachNotification({ orgName: org.name, ...notice }) }
}

export async function sendBreachNotice(db: Database, actor: PlatformActor, orgId: string, notice: BreachNotice) {
  const { org, recipients } = await ownersOf(db, orgId)
  return db.prisma.$transaction(async (tx) => {
    const earlier = await tx.platformAuditEvent.count({
      where: {
        action: 'organization.breach_notified',
        targetId: org.id,
        data: { path: ['reference'], equals: notice.reference },
      },
    })
    if (earlier) {
      const message = `The owners were already notified under ${notice.reference}; give an update its own reference.`
      throw new AppError('CONFLICT', message)
    }
    for (const to of recipients) {
      await enqueueEmail(tx, { to, orgId: org.id, template: 'breachNotification', data: { orgName: org.name, ...notice } })
    }
    // The reference and counts, not the text: the emails in the outbox are the record of what was said.
    await recordPlatformEvent(tx, actor, {
      action: 'organization.breach_notified',
      target: { type: 'organization', id: org.id },
      data: { reference: notice.reference, recipients: recipients.length, detectedAt: notice.detectedAt.toISOString() },
    })
    return { orgName: org.name, recipients }
  })
}
