import type { User } from '@prisma/client'
import { verifyToken } from '@clerk/backend'
import { TokenVerificationError, TokenVerificationErrorReason } from '@clerk/backend/errors'
import type { Database } from '../../db'
import type { ClerkConfig, Env } from '../../env'
import type { AuthProvider } from '../provider'
import { readCookie } from '../cookies'
import { loadRequestAuth, type RequestAuth } from '../request-auth'
import { sessionPolicy } from '../session'
import { hashToken } from '../tokens'
import { appendAuditEvent, systemAuditContext, type AuditContext } from '../../audit/append'
import { ClerkUnavailableError, fetchClerkIdentity } from './clerk-api'
import { isDeletedInClerk, syncClerkUser } from './clerk-users'
import { isUniqueViolation } from '../../db/errors'

/**
 * Clerk as the identity provider. Clerk proves who is calling (a short-lived
 * session JWT in the `__session` cookie or an `Authorization: Bearer`
 * header); everything after that runs on OUR records, exactly as for the
 * built-in accounts:
 *  - the Clerk user (`sub`) is our User with that clerkUserId (first sight:
 *    read from the Backend API, linked by verified email or created);
 *  - the Clerk session (`sid`) is our Session whose tokenHash is
 *    hashToken('clerk:' + sid), authMethod 'clerk', created on first sight.
 *    Once it has ended here (sign-out, revocation, suspension, idle or
 *    absolute expiry) it stays ended for that sid: Clerk must open a new one;
 *  - the active Clerk organization (`org_id`, or `o.id` in v2 tokens) selects
 *    the session's active organization when the user has an ACTIVE membership
 *    in the Organization with that clerkOrgId; otherwise none. Tokens without
 *    an organization leave the session's organization as it is.
 * Per request: JWT verification (networkless with CLERK_JWT_KEY, else against
 * the JWKS, which @clerk/backend keeps for up to 5 minutes) and the one
 * request-auth query. Nothing about users or sessions is cached in memory, so
 * a revocation applies to the very next request.
 */
export const clerkSessionCookieName = '__session'
export const clerkSessionKey = (sid: string) => `clerk:${sid}`

type ClerkEnv = Pick<Env, 'appUrl'> & { clerk: ClerkConfig }

/** The claims we act on, from a verified token. */
type SessionClaims = { userId: string; sessionId: string; orgId: string | undefined }

// Reasons that mean "could not check", not "bad token": the request fails rather than looking signed out.
const unavailableReasons = new Set<string>([
  TokenVerificationErrorReason.RemoteJWKFailedToLoad,
  TokenVerificationErrorReason.InvalidSecretKey,
])

export function clerkAuthProvider(env: ClerkEnv): AuthProvider {
  const config = env.clerk
  const appOrigin = new URL(env.appUrl).origin
  const verifyOptions = config.jwtKey ? { jwtKey: config.jwtKey } : { secretKey: config.secretKey, apiUrl: config.apiUrl }

  async function verifiedClaims(token: string): Promise<SessionClaims | null> {
    let payload
    try {
      payload = await verifyToken(token, verifyOptions)
    } catch (error) {
      if (error instanceof TokenVerificationError && unavailableReasons.has(error.reason)) {
        throw new ClerkUnavailableError(`Clerk session token could not be checked: ${error.message}`, { cause: error })
      }
      return null
    }
    // azp is the origin of the page the token was minted for; Clerk omits it for non-browser tokens.
    if (payload.azp && payload.azp !== appOrigin) return null
    // A session with pending tasks is not signed in yet; impersonation (act) goes through support grants here instead.
    if (payload.sts === 'pending' || payload.act) return null
    if (typeof payload.sid !== 'string' || !payload.sid || payload.sid.length > 100 || payload.sub.length > 100) return null
    const orgId = payload.v === 2 ? payload.o?.id : payload.org_id
    return { userId: payload.sub, sessionId: payload.sid, orgId: typeof orgId === 'string' && orgId ? orgId : undefined }
  }

  return {
    kind: 'clerk',
    async authenticate(request, db) {
      const token = sessionTokenFrom(request)
      if (!token) return null
      const claims = await verifiedClaims(token)
      if (!claims) return null
      const key = clerkSessionKey(claims.sessionId)
      const auth = (await loadRequestAuth(db, key)) ?? (await openMirroredSession(db, config, claims, request))
      if (!auth || auth.user.clerkUserId !== claims.userId) return null
      if (claims.orgId === undefined || auth.membership?.org.clerkOrgId === claims.orgId) return auth
      return followActiveOrganization(db, auth, { sessionId: claims.sessionId, clerkOrgId: claims.orgId }, request)
    },
  }
}

function sessionTokenFrom(request: Request): string | undefined {
  const header = request.headers.get('authorization')
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1]
  const token = bearer ?? readCookie(request, clerkSessionCookieName)
  return token && token.length <= 8192 ? token : undefined
}

const userAudit = (user: Pick<User, 'id' | 'email'>, request: Request, sessionId: string): AuditContext => ({
  actor: { type: 'USER', id: user.id, email: user.email },
  ip: '',
  userAgent: (request.headers.get('user-agent') ?? '').slice(0, 512),
  requestId: clerkSessionKey(sessionId),
})

/** The organization a Clerk org id selects for this user: ours, with an ACTIVE membership; else null. */
async function memberOrgId(db: Database, userId: string, clerkOrgId: string): Promise<string | null> {
  const membership = await db.prisma.membership.findFirst({
    where: { userId, status: 'ACTIVE', org: { clerkOrgId } },
    select: { orgId: true },
  })
  return membership?.orgId ?? null
}

/**
 * First request of a Clerk session: our user for the Clerk user, then our
 * session row. Null when a row for this sid already exists (it has ended:
 * live rows were found by the caller), when Clerk deleted the user, or when
 * the user cannot be mapped (see syncClerkUser).
 */
async function openMirroredSession(
  db: Database,
  config: ClerkConfig,
  claims: SessionClaims,
  request: Request,
): Promise<RequestAuth | null> {
  const key = clerkSessionKey(claims.sessionId)
  const tokenHash = hashToken(key)
  if (await db.prisma.session.findUnique({ where: { tokenHash }, select: { id: true } })) return null
  if (await isDeletedInClerk(db.prisma, claims.userId)) return null
  const user = await userForClerkUser(db, config, claims)
  // An account being deleted opens no new session (its Clerk user goes with it).
  if (!user || user.deletionRequestedAt) return null
  const activeOrgId = claims.orgId ? await memberOrgId(db, user.id, claims.orgId) : null
  const now = new Date()
  await db.prisma.$transaction(async (tx) => {
    // Concurrent first requests of one session: one row wins, the others find it.
    const { count } = await tx.session.createMany({
      data: [
        {
          tokenHash,
          userId: user.id,
          activeOrgId,
          authMethod: 'clerk',
          ip: '',
          userAgent: (request.headers.get('user-agent') ?? '').slice(0, 512),
          createdAt: now,
          rotatedAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + sessionPolicy.absoluteLifetimeMs),
        },
      ],
      skipDuplicates: true,
    })
    if (count === 1 && activeOrgId) {
      const session = await tx.session.findUniqueOrThrow({ where: { tokenHash }, select: { id: true } })
      await appendAuditEvent(tx, userAudit(user, request, claims.sessionId), {
        orgId: activeOrgId,
        action: 'user.signed_in',
        targets: [{ type: 'session', id: session.id }],
        metadata: { method: 'clerk' },
      })
    }
  })
  return loadRequestAuth(db, key)
}

async function userForClerkUser(db: Database, config: ClerkConfig, claims: SessionClaims): Promise<User | null> {
  const known = await db.prisma.user.findUnique({ where: { clerkUserId: claims.userId } })
  if (known) return known
  const identity = await fetchClerkIdentity(config, claims.userId)
  if (!identity) return null
  const audit = systemAuditContext(`clerk:${claims.sessionId}`)
  for (let attempt = 0; ; attempt++) {
    try {
      return (await db.prisma.$transaction((tx) => syncClerkUser(tx, identity, audit))).user
    } catch (error) {
      // A concurrent first sight created or linked the same user: read theirs.
      if (!isUniqueViolation(error) || attempt > 0) throw error
    }
  }
}

/** The token names another organization than the session's: point the session at it (or at none). */
async function followActiveOrganization(
  db: Database,
  auth: RequestAuth,
  claims: { sessionId: string; clerkOrgId: string },
  request: Request,
): Promise<RequestAuth | null> {
  const orgId = await memberOrgId(db, auth.user.id, claims.clerkOrgId)
  if (orgId === auth.session.activeOrgId) return auth
  await db.prisma.$transaction(async (tx) => {
    await tx.session.update({ where: { id: auth.session.id }, data: { activeOrgId: orgId } })
    if (orgId) {
      await appendAuditEvent(tx, userAudit(auth.user, request, claims.sessionId), {
        orgId,
        action: 'org.switched_in',
        targets: [{ type: 'session', id: auth.session.id }],
        metadata: { method: 'clerk' },
      })
    }
  })
  return loadRequestAuth(db, clerkSessionKey(claims.sessionId))
}
