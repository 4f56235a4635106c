import type { Database } from '../../db'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

/**
 * Rectification by the user: their display name (shown to colleagues in every
 * organization). Audited as `account.renamed` in each organization they
 * belong to, without the names themselves: the log is append-only and must not
 * keep a name that a later erasure removes everywhere else. A user in no
 * organization has no tenant log; the change is then not logged.
 * The email is the sign-in identity (and, with SSO, the identity provider's);
 * it is not changed here.
 */
export async function renameAccount(db: Database, userId: string, audit: AuditContext, name: string) {
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } })
    if (before.name === name) return { name, changed: false }
    await tx.user.update({ where: { id: userId }, data: { name } })
    const memberships = await tx.membership.findMany({ where: { userId }, select: { orgId: true }, orderBy: { orgId: 'asc' } })
    for (const { orgId } of memberships) {
      const targets = [{ type: 'user', id: userId }]
      await appendAuditEvent(tx, audit, { orgId, action: 'account.renamed', targets, metadata: { changed: ['name'] } })
    }
    return { name, changed: true }
  })
}
