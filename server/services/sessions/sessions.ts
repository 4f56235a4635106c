import type { Database } from '../../db'
import { AppError } from '../../errors'
import { isSessionLive } from '../../auth/session'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

/**
 * A user's own sessions (signed-in browsers) and how they end: by the user,
 * one at a time, or by an admin of one of their organizations, all at once.
 * Revocation takes effect on the next request (every request reads the
 * session from the database).
 */
export function describeDevice(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Chrome\//.test(userAgent)
      ? 'Chrome'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X|Macintosh/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null
  if (browser && os) return `${browser} on ${os}`
  return browser ?? os ?? (userAgent ? userAgent.slice(0, 60) : 'Unknown device')
}

export async function listOwnSessions(db: Database, user: { id: string }, currentSessionId: string, now = new Date()) {
  const sessions = await db.prisma.session.findMany({
    where: { userId: user.id, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { lastSeenAt: 'desc' },
  })
  return sessions
    .filter((s) => isSessionLive(s, now))
    .map((s) => ({
      id: s.id,
      device: describeDevice(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      current: s.id === currentSessionId,
    }))
}

/** Ends one of the caller's own sessions; anyone else's answers NOT_FOUND. */
export async function revokeOwnSession(
  db: Database,
  input: { userId: string; sessionId: string; activeOrgId: string | null; audit: AuditContext },
  now = new Date(),
) {
  await db.prisma.$transaction(async (tx) => {
    const result = await tx.session.updateMany({
      where: { id: input.sessionId, userId: input.userId, revokedAt: null },
      data: { revokedAt: now },
    })
    if (result.count === 0) throw new AppError('NOT_FOUND', 'Session not found')
    if (input.activeOrgId) {
      await appendAuditEvent(tx, input.audit, {
        orgId: input.activeOrgId,
        action: 'session.revoked',
        targets: [{ type: 'session', id: input.sessionId }],
      })
    }
  })
}

/** Ends every session of a member of the admin's organization, at once. */
export async function endMemberSessions(db: Database, access: Access, audit: AuditContext, membershipId: string, now = new Date()) {
  const membership = await db.prisma.membership.findFirst({
    where: { id: membershipId, orgId: access.orgId },
    select: { user: { select: { id: true, email: true } } },
  })
  if (!membership) throw new AppError('NOT_FOUND', 'Member not found')
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { userId: membership.user.id, revokedAt: null },
      data: { revokedAt: now },
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'member.sessions_ended',
      targets: [{ type: 'user', id: membership.user.id, label: membership.user.email }],
      metadata: { sessionsEnded: count },
    })
    return { ended: count }
  })
}
