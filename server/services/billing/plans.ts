import type { Plan } from '@prisma/client'
import type { DbClient } from '../../db/types'
import { AppError } from '../../errors'

/**
 * What each plan includes. The Enterprise features are refused on the
 * Standard plan where they are switched on or configured (services), never
 * where they are read or turned off: an organization that leaves Enterprise
 * can still see and remove what it had (see README.md, "Downgrades").
 */
export const planFeatures = {
  sso: 'Single sign-on (SAML) with verified domains',
  scim: 'SCIM provisioning',
  ip_allowlist: 'The IP allowlist',
  support_access: 'Just-in-time support access',
  custom_retention: 'Custom retention',
} as const

export type PlanFeature = keyof typeof planFeatures

const enterpriseOnly: ReadonlySet<PlanFeature> = new Set(Object.keys(planFeatures) as PlanFeature[])

export const plans = ['STANDARD', 'ENTERPRISE'] as const satisfies readonly Plan[]

export function hasPlanFeature(plan: Plan, feature: PlanFeature) {
  return plan === 'ENTERPRISE' || !enterpriseOnly.has(feature)
}

/** The message a member sees when their plan lacks `feature`; the UI links "Billing page" to /app/billing. */
export function upgradeMessage(feature: PlanFeature) {
  return `${planFeatures[feature]} is part of the Enterprise plan. An owner can upgrade on the Billing page.`
}

/** Throws FORBIDDEN with the upgrade message unless `org`'s plan includes `feature`. */
export function assertPlanFeature(org: { plan: Plan }, feature: PlanFeature): void {
  if (!hasPlanFeature(org.plan, feature)) throw new AppError('FORBIDDEN', upgradeMessage(feature))
}

/** assertPlanFeature for an organization not loaded yet (one small query). */
export async function requirePlanFeature(db: DbClient, orgId: string, feature: PlanFeature) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { plan: true } })
  assertPlanFeature(org, feature)
}
