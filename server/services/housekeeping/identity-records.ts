import type { Database } from '../../db'

/**
 * Short-lived sign-in records are deleted once they can no longer matter:
 * pending second-factor sign-ins and SAML requests after they expire (a day
 * later for requests, so an admin can still see what happened), remembered
 * assertion IDs once the assertion could no longer be accepted anyway (their
 * expiry already includes the clock skew), and the SSO failure trace after
 * 90 days. Run hourly by every process; deleting is idempotent.
 */
export const ssoFailureRetentionDays = 90

export async function purgeExpiredIdentityRecords(db: Database, now = new Date()) {
  const dayAgo = new Date(now.getTime() - 86_400_000)
  const [pendingSignIns, samlRequests, assertions, ssoFailures] = await Promise.all([
    db.prisma.pendingSignIn.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.prisma.samlRequest.deleteMany({ where: { expiresAt: { lt: dayAgo } } }),
    db.prisma.samlAssertionSeen.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.prisma.ssoFailure.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - ssoFailureRetentionDays * 86_400_000) } } }),
  ])
  return { pendingSignIns: pendingSignIns.count, samlRequests: samlRequests.count, assertions: assertions.count, ssoFailures: ssoFailures.count }
}
