import type { DbClient } from '../db/types'
import { appendAuditEvent, type AuditContext } from './append'
import type { AuditAction } from './catalog'

/**
 * Account-level security events (a second factor turned on or off) concern
 * every organization the user is an active member of: each one's admins see
 * the event in their own log. Runs inside the caller's transaction.
 */
export async function appendAccountEvent(
  tx: DbClient,
  audit: AuditContext,
  user: { id: string; email: string },
  action: AuditAction,
  metadata?: Record<string, unknown>,
) {
  const memberships = await tx.membership.findMany({ where: { userId: user.id, status: 'ACTIVE' }, select: { orgId: true } })
  for (const { orgId } of memberships) {
    await appendAuditEvent(tx, audit, { orgId, action, targets: [{ type: 'user', id: user.id, label: user.email }], metadata })
  }
}
