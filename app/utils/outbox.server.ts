import { getDatabase } from '../../server/db'

/**
 * The newest emails of the local outbox (development viewer only), limited to
 * what the signed-in user may see: mail sent to them, or sent on behalf of
 * the organization they are acting in. Other tenants' mail (and the secret
 * links in it) never shows.
 */
export async function latestOutboxEmails(viewer: { email: string; activeOrgId: string | null }, limit = 50) {
  const db = await getDatabase()
  const emails = await db.prisma.outboxEmail.findMany({
    where: { OR: [{ to: viewer.email }, ...(viewer.activeOrgId ? [{ orgId: viewer.activeOrgId }] : [])] },
    orderBy: { createdAt: 'desc' },
    take: limit,
  })
  return emails.map((e) => ({
    id: e.id,
    to: e.to,
    subject: e.subject,
    text: e.text,
    template: e.template,
    createdAt: e.createdAt,
    // Delivery: SENT with no provider id was delivered to this outbox (no mail service configured).
    status: e.status,
    attempts: e.attempts,
    lastError: e.lastError,
    sentAt: e.sentAt,
    providerMessageId: e.providerMessageId,
  }))
}
