import type { Database } from '../../db'
import { AppError } from '../../errors'
import { hashPassword, verifyPassword } from '../../auth/password'
import { createSession, revokeSession, type RequestMeta } from '../../auth/session'
import { enforceRateLimits, resetRateLimit, type RateLimitRule } from '../rate-limit/rate-limit'
import { createOrganization } from '../orgs/orgs'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

const auditFor = (user: { id: string; email: string }, meta: RequestMeta): AuditContext => ({
  actor: { type: 'USER', id: user.id, email: user.email },
  ip: meta.ip,
  userAgent: meta.userAgent,
  requestId: meta.requestId,
})

/** Sign-in throttling: per address (many accounts) and per account (many addresses). */
export const signInLimits = {
  perIp: { limit: 30, windowSeconds: 15 * 60 } satisfies RateLimitRule,
  perEmail: { limit: 10, windowSeconds: 15 * 60 } satisfies RateLimitRule,
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

export async function signUp(
  db: Database,
  input: { name: string; email: string; password: string; organizationName: string },
  meta: RequestMeta,
) {
  const email = normalizeEmail(input.email)
  const passwordHash = await hashPassword(input.password)
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true } })
    if (existing) {
      throw new AppError('CONFLICT', 'An account with this email already exists', {
        email: 'An account with this email already exists. Sign in instead.',
      })
    }
    const user = await tx.user.create({ data: { email, name: input.name.trim(), passwordHash } })
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

export async function signIn(db: Database, input: { email: string; password: string }, meta: RequestMeta) {
  const email = normalizeEmail(input.email)
  await enforceRateLimits(
    db,
    [
      [`signin:ip:${meta.ip}`, signInLimits.perIp],
      [`signin:email:${email}`, signInLimits.perEmail],
    ],
    (retryAfter) => `Too many sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
  )
  const user = await db.prisma.user.findUnique({ where: { email } })
  const valid = await verifyPassword(input.password, user?.passwordHash)
  if (!user || !valid) throw new AppError('UNAUTHORIZED', 'Email or password is incorrect')
  await resetRateLimit(db, `signin:email:${email}`)
  const firstMembership = await db.prisma.membership.findFirst({
    where: { userId: user.id, status: 'ACTIVE' },
    orderBy: { createdAt: 'asc' },
    select: { orgId: true },
  })
  const { session, token } = await db.prisma.$transaction(async (tx) => {
    const created = await createSession(tx, { userId: user.id, activeOrgId: firstMembership?.orgId ?? null, meta })
    if (firstMembership) {
      await appendAuditEvent(tx, auditFor(user, meta), {
        orgId: firstMembership.orgId,
        action: 'user.signed_in',
        targets: [{ type: 'session', id: created.session.id }],
        metadata: { method: 'password' },
      })
    }
    return created
  })
  return { user, session, token }
}

export async function signOut(db: Database, session: { id: string; activeOrgId: string | null }, audit: AuditContext) {
  await db.prisma.$transaction(async (tx) => {
    await revokeSession(tx, session.id)
    if (session.activeOrgId) {
      await appendAuditEvent(tx, audit, { orgId: session.activeOrgId, action: 'user.signed_out', targets: [{ type: 'session', id: session.id }] })
    }
  })
}
