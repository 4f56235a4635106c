import type { Plan, Prisma } from '@prisma/client'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

/**
 * Stripe subscription statuses that are not over: while an organization has
 * one, its plan follows the subscription (webhooks), not the platform console.
 * Ended: canceled, incomplete_expired.
 */
const unendedStatuses: ReadonlySet<string> = new Set(['active', 'trialing', 'past_due', 'incomplete', 'unpaid', 'paused'])
export const subscriptionNotEnded = (status: string | null | undefined) => !!status && unendedStatuses.has(status)

export type PlanHolder = { id: string; name: string; plan: Plan; enforceSso: boolean }

/**
 * Writes `to` as the organization's plan, and what follows from it, inside the
 * caller's transaction (the organization's row should be locked by it), with
 * a `billing.plan_changed` event in the organization's log. Leaving the
 * Enterprise plan lifts SSO enforcement: sign-in through the SAML connection
 * stops with the plan (server/services/sso/sso-login.ts), and members must
 * not be locked out by a rule they can no longer meet. Everything else an
 * Enterprise organization configured stays as it was (README.md, "Downgrades").
 * Does nothing when the plan is already `to`.
 */
export async function changePlan(
  tx: Prisma.TransactionClient,
  org: PlanHolder,
  to: Plan,
  audit: AuditContext,
  metadata: Record<string, unknown>,
): Promise<{ changed: boolean; ssoEnforcementLifted: boolean }> {
  if (org.plan === to) return { changed: false, ssoEnforcementLifted: false }
  const liftSso = to !== 'ENTERPRISE' && org.enforceSso
  await tx.organization.update({ where: { id: org.id }, data: { plan: to, ...(liftSso ? { enforceSso: false } : {}) } })
  await appendAuditEvent(tx, audit, {
    orgId: org.id,
    action: 'billing.plan_changed',
    targets: [{ type: 'organization', id: org.id, label: org.name }],
    metadata: {
      before: { plan: org.plan },
      after: { plan: to },
      ...(liftSso ? { ssoEnforcementLifted: true } : {}),
      ...metadata,
    },
  })
  return { changed: true, ssoEnforcementLifted: liftSso }
}

/** Takes the organization's row lock for the rest of the transaction: plan changes for one organization queue here. */
export async function lockOrganization(tx: Prisma.TransactionClient, orgId: string) {
  await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" = ${orgId} FOR UPDATE`
}
