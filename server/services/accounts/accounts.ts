import type { Session, User } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import { hashPassword, verifyPassword } from '../../auth/password'
import { createSession, revokeSession, type RequestMeta } from '../../auth/session'
import { enforceRateLimits, resetRateLimit, type RateLimitRule } from '../rate-limit/rate-limit'
import { createOrganization } from '../orgs/orgs'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { generateToken, hashToken } from '../../auth/tokens'
import type { AuthMethod } from '../../auth/sign-in-policy'
import { effectivePermissions } from '../../authz/access'
import type { SecretBox } from '../../security/secret-box'
import { verifySecondFactor } from '../two-factor/two-factor'

const auditFor = (user: { id: string; email: string }, meta: RequestMeta): AuditContext => ({
  actor: { type: 'USER', id: user.id, email: user.email },
  ip: meta.ip,
  userAgent: meta.userAgent,
  requestId: meta.requestId,
})

/**
 * Sign-in throttling: per account (many addresses) and per address (many accounts). The per-address limit allows for
 * an office signing in at nine behind one NAT address; each account keeps its own, tighter limit.
 */
export const signInLimits = {
  perIp: { limit: 100, windowSeconds: 15 * 60 } satisfies RateLimitRule,
  perEmail: { limit: 10, windowSeconds: 15 * 60 } satisfies RateLimitRule,
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

/** Shown wherever an account that asked to be deleted tries to sign in (server/services/accounts/account-deletion.ts). */
export const accountBeingDeletedMessage =
  'This account is being deleted, as its owner asked, and can no longer sign in. It is erased within 30 days ' +
  '(usually within minutes); after that the address can be used for a new account.'

export async function signUp(
  db: Database,
  input: { name: string; email: string; password: string; organizationName: string },
  meta: RequestMeta,
) {
  const email = normalizeEmail(input.email)
  const passwordHash = await hashPassword(input.password)
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, deletionRequestedAt: true } })
    if (existing?.deletionRequestedAt) throw new AppError('CONFLICT', accountBeingDeletedMessage, { email: accountBeingDeletedMessage })
    if (existing) {
      throw new AppError('CONFLICT', 'An account with this email already exists', {
        email: 'An account with this email already exists. Sign in instead.',
      })
    }
    const user = await tx.user.create({ data: { email, name: input.name.trim(), passwordHash, adultAttestedAt: new Date() } })
    const org = await createOrganization(tx, { name: input.organizationName.trim(), ownerId: user.id })
    const { session, token } = await createSession(tx, { userId: user.id, activeOrgId: org.id, meta })
    await appendAuditEvent(tx, auditFor(user, meta), {
      orgId: org.id,
      action: 'user.signed_up',
      targets: [{ type: 'organization', id: org.id, label: org.name }],
    })
    return { user, org, session, token }
  })
}

/** How long the second step of a sign-in may take, and how many codes it may try. */
export const secondStepPolicy = {
  lifetimeMs: 5 * 60_000,
  /** Codes per pending sign-in. */
  maxAttempts: 5,
  /** Codes per account, across pending sign-ins. */
  perUser: { limit: 10, windowSeconds: 15 * 60 } satisfies RateLimitRule,
}

export type SignInResult =
  | { kind: 'signed_in'; user: User; session: Session; token: string }
  | { kind: 'second_factor_required'; pendingToken: string; expiresAt: Date }

/**
 * Password sign-in. A user with a confirmed second factor gets no session
 * yet: a pending sign-in (its token in a short-lived cookie, only the hash
 * stored) that `completeSignIn` turns into a session after a valid code.
 * A user all of whose organizations enforce single sign-on is refused and
 * sent to SSO.
 */
export async function signIn(db: Database, input: { email: string; password: string }, meta: RequestMeta, now = new Date()): Promise<SignInResult> {
  const email = normalizeEmail(input.email)
  await enforceRateLimits(
    db,
    [
      [`signin:ip:${meta.ip}`, signInLimits.perIp],
      [`signin:email:${email}`, signInLimits.perEmail],
    ],
    (retryAfter) => `Too many sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
  )
  const user = await db.prisma.user.findUnique({ where: { email }, include: { twoFactor: { select: { confirmedAt: true } } } })
  const valid = await verifyPassword(input.password, user?.passwordHash)
  if (!user || !valid) throw new AppError('UNAUTHORIZED', 'Email or password is incorrect')
  // Said only to whoever knows the password.
  if (user.deletionRequestedAt) throw new AppError('FORBIDDEN', accountBeingDeletedMessage)
  const activeOrgId = await passwordSignInOrganization(db, user.id)
  // With a second factor, the account's counter is reset only once the code is right (completeSignIn).
  if (user.twoFactor?.confirmedAt) {
    const pendingToken = generateToken()
    const expiresAt = new Date(now.getTime() + secondStepPolicy.lifetimeMs)
    await db.prisma.pendingSignIn.create({ data: { tokenHash: hashToken(pendingToken), userId: user.id, ip: meta.ip, expiresAt } })
    return { kind: 'second_factor_required', pendingToken, expiresAt }
  }
  await resetRateLimit(db, `signin:email:${email}`)
  const { twoFactor: _, ...plainUser } = user
  const { session, token } = await openSession(db, plainUser, activeOrgId, meta, 'password')
  return { kind: 'signed_in', user: plainUser, session, token }
}

/**
 * The organization a password sign-in lands in: the oldest active membership
 * whose organization does not enforce SSO, or where the user manages SSO
 * (the break-glass path, see server/auth/sign-in-policy.ts). When none
 * qualifies, password sign-in is refused and the user is sent to SSO.
 */
async function passwordSignInOrganization(db: Database, userId: string): Promise<string | null> {
  const memberships = await db.prisma.membership.findMany({
    where: { userId, status: 'ACTIVE' },
    orderBy: { createdAt: 'asc' },
    select: { orgId: true, org: { select: { name: true, enforceSso: true } }, role: { select: { permissions: true } }, overrides: true },
  })
  const open = memberships.find((m) => !m.org.enforceSso || effectivePermissions(m.role.permissions, m.overrides).has('sso.manage'))
  if (!open && memberships.length > 0) {
    throw new AppError('FORBIDDEN', `${memberships[0]!.org.name} requires single sign-on. Use “Sign in with SSO” with your work email.`)
  }
  return open?.orgId ?? null
}

async function openSession(db: Database, user: User, activeOrgId: string | null, meta: RequestMeta, method: AuthMethod) {
  return db.prisma.$transaction(async (tx) => {
    const created = await createSession(tx, { userId: user.id, activeOrgId, meta, authMethod: method })
    if (activeOrgId) {
      await appendAuditEvent(tx, auditFor(user, meta), {
        orgId: activeOrgId,
        action: 'user.signed_in',
        targets: [{ type: 'session', id: created.session.id }],
        metadata: { method },
      })
    }
    return created
  })
}

/**
 * The second step of a password sign-in: a current TOTP code or an unused
 * recovery code against the pending sign-in. Each pending sign-in allows
 * `secondStepPolicy.maxAttempts` codes (the attempt is counted before the
 * code is checked, so parallel guesses cannot exceed it) and lives 5 minutes.
 */
export async function completeSignIn(db: Database, box: SecretBox, pendingToken: string | undefined, code: string, meta: RequestMeta, now = new Date()) {
  const expired = () => new AppError('UNAUTHORIZED', 'This sign-in has expired. Enter your email and password again.')
  if (!pendingToken) throw expired()
  const tokenHash = hashToken(pendingToken)
  const counted = await db.prisma.pendingSignIn.updateMany({
    where: { tokenHash, expiresAt: { gt: now }, attempts: { lt: secondStepPolicy.maxAttempts } },
    data: { attempts: { increment: 1 } },
  })
  const pending = await db.prisma.pendingSignIn.findUnique({ where: { tokenHash }, include: { user: true } })
  if (!pending || pending.expiresAt <= now) throw expired()
  if (pending.user.deletionRequestedAt) throw new AppError('FORBIDDEN', accountBeingDeletedMessage)
  if (counted.count === 0) {
    await db.prisma.pendingSignIn.delete({ where: { id: pending.id } }).catch(() => undefined)
    throw new AppError('UNAUTHORIZED', 'Too many wrong codes. Enter your email and password again.')
  }
  // Per account too, whatever the number of pending sign-ins: a password alone never buys unlimited guesses.
  await enforceRateLimits(db, [[`second-factor:user:${pending.userId}`, secondStepPolicy.perUser]], (retryAfter) =>
    `Too many codes tried for this account. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
  )
  const factor = await verifySecondFactor(db, box, pending.userId, code, now)
  if (!factor) {
    const left = secondStepPolicy.maxAttempts - pending.attempts
    throw new AppError('UNPROCESSABLE', `That code is not valid. ${left > 0 ? `${left} ${left === 1 ? 'try' : 'tries'} left.` : ''}`.trim(), {
      code: 'Enter the 6-digit code from your authenticator app, or a recovery code',
    })
  }
  // One pending sign-in opens one session, even when two valid codes race.
  const consumed = await db.prisma.pendingSignIn.deleteMany({ where: { id: pending.id } })
  if (consumed.count === 0) throw expired()
  await resetRateLimit(db, `signin:email:${pending.user.email}`)
  await resetRateLimit(db, `second-factor:user:${pending.userId}`)
  const activeOrgId = await passwordSignInOrganization(db, pending.userId)
  const method: AuthMethod = factor === 'totp' ? 'password+totp' : 'password+recovery_code'
  const { session, token } = await openSession(db, pending.user, activeOrgId, meta, method)
  return { user: pending.user, session, token, method }
}

export async function signOut(db: Database, session: { id: string; activeOrgId: string | null }, audit: AuditContext) {
  await db.prisma.$transaction(async (tx) => {
    await revokeSession(tx, session.id)
    if (session.activeOrgId) {
      await appendAuditEvent(tx, audit, { orgId: session.activeOrgId, action: 'user.signed_out', targets: [{ type: 'session', id: session.id }] })
    }
  })
}
