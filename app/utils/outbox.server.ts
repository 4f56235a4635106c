import { getDatabase } from '../../server/db'

/** The newest emails of the local outbox (development viewer only). */
export async function latestOutboxEmails(limit = 50) {
  const db = await getDatabase()
  const emails = await db.prisma.outboxEmail.findMany({ orderBy: { createdAt: 'desc' }, take: limit })
  return emails.map((e) => ({ id: e.id, to: e.to, subject: e.subject, text: e.text, createdAt: e.createdAt }))
}
