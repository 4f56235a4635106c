import type { Session } from '@prisma/client'
import type { DbClient } from '../db/types'
import { generateToken, hashToken } from './tokens'
import type { AuthMethod } from './sign-in-policy'

/**
 * DB-backed sessions. The cookie carries a random token; the table stores its
 * SHA-256, so a leaked table cannot be replayed. A session ends at the first of:
 * absolute lifetime, idle timeout, revocation. Tokens rotate on sign-in, on
 * organization switch and once a day while in use.
 */
export const sessionPolicy = {
  absoluteLifetimeMs: 30 * 24 * 3600_000,
  idleTimeoutMs: 7 * 24 * 3600_000,
  rotateAfterMs: 24 * 3600_000,
  /** lastSeenAt is written at most this often, to keep reads cheap. */
  touchAfterMs: 5 * 60_000,
} as const

export type RequestMeta = { ip: string; userAgent: string; requestId: string }

export async function createSession(
  db: DbClient,
  input: { userId: string; activeOrgId: string | null; meta: RequestMeta; now?: Date; authMethod?: AuthMethod; ssoOrgId?: string },
): Promise<{ session: Session; token: string }> {
  const now = input.now ?? new Date()
  const token = generateToken()
  const session = await db.session.create({
    data: {
      tokenHash: hashToken(token),
      userId: input.userId,
      activeOrgId: input.activeOrgId,
      authMethod: input.authMethod ?? 'password',
      ssoOrgId: input.ssoOrgId ?? null,
      ip: input.meta.ip,
      userAgent: input.meta.userAgent.slice(0, 512),
      createdAt: now,
      rotatedAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + sessionPolicy.absoluteLifetimeMs),
    },
  })
  return { session, token }
}

export function isSessionLive(session: Session, now: Date): boolean {
  return (
    !session.revokedAt &&
    session.expiresAt > now &&
    now.getTime() - session.lastSeenAt.getTime() < sessionPolicy.idleTimeoutMs
  )
}

/** Issues a new token for a live session; the old token stops working at once. */
export async function rotateSessionToken(db: DbClient, sessionId: string, now = new Date()): Promise<string> {
  const token = generateToken()
  await db.session.update({ where: { id: sessionId }, data: { tokenHash: hashToken(token), rotatedAt: now } })
  return token
}

export function isRotationDue(session: Session, now = new Date()): boolean {
  return now.getTime() - session.rotatedAt.getTime() > sessionPolicy.rotateAfterMs
}

export async function revokeSession(db: DbClient, sessionId: string, now = new Date()) {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } })
}
