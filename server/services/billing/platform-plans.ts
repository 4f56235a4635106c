import type { Plan, Prisma } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import { recordPlatformEvent, type PlatformActor } from '../../audit/platform'
import { systemAuditContext } from '../../audit/append'
import { changePlan, lockOrganization, subscriptionNotEnded } from './plan-change'

/**
 * Plans set by hand in the platform console: the billing path when this
 * server has no Stripe keys, and for contracts invoiced outside Stripe when
 * it has. An organization whose Stripe subscription is not over follows that
 * subscription instead (the next webhook would undo a manual change), so it
 * is refused here with a pointer to the Stripe Dashboard.
 */
export async function listOrganizationsForPlatform(db: Database, input: { query?: string }) {
  const query = input.query?.trim()
  const where: Prisma.OrganizationWhereInput = query
    ? {
        OR: [
          { id: query },
          { name: { contains: query, mode: 'insensitive' } },
          { slug: { contains: query.toLowerCase() } },
          { stripeCustomerId: query },
        ],
      }
    : {}
  const organizations = await db.prisma.organization.findMany({
    where,
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: {
      id: true,
      name: true,
      slug: true,
      plan: true,
      createdAt: true,
      subscriptionStatus: true,
      stripeSubscriptionId: true,
    },
  })
  return organizations.map((org) => ({
    ...org,
    followsStripe: !!org.stripeSubscriptionId && subscriptionNotEnded(org.subscriptionStatus),
  }))
}

export async function setPlanByPlatformAdmin(
  db: Database,
  actor: PlatformActor,
  input: { orgId: string; plan: Plan; reason: string },
) {
  return db.prisma.$transaction(async (tx) => {
    await lockOrganization(tx, input.orgId)
    const org = await tx.organization.findUnique({ where: { id: input.orgId } })
    if (!org) throw new AppError('NOT_FOUND', 'Organization not found')
    if (org.stripeSubscriptionId && subscriptionNotEnded(org.subscriptionStatus)) {
      throw new AppError(
        'UNPROCESSABLE',
        `${org.name} pays through Stripe (subscription ${org.stripeSubscriptionId}, ${org.subscriptionStatus}), ` +
          'so its plan follows that subscription. Change or cancel it in the Stripe Dashboard.',
      )
    }
    if (org.plan === input.plan) return { plan: org.plan, changed: false }
    // The organization's own log says that Hireproof changed its plan; who exactly is in the platform trail.
    const tenantAudit = systemAuditContext(actor.requestId)
    const metadata = { source: 'platform_admin', reason: input.reason }
    const { ssoEnforcementLifted } = await changePlan(tx, org, input.plan, tenantAudit, metadata)
    await recordPlatformEvent(tx, actor, {
      action: 'organization.plan_set',
      target: { type: 'organization', id: org.id },
      data: { name: org.name, before: org.plan, after: input.plan, reason: input.reason, ssoEnforcementLifted },
    })
    return { plan: input.plan, changed: true }
  })
}
