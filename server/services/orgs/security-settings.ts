import type { Session } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { signedInThroughOrgSso } from '../../auth/sign-in-policy'
import { assertPlanFeature } from '../billing/plans'

/**
 * The organization's sign-in requirements. Both are enforced on every tenant
 * request (server/auth/sign-in-policy.ts), so they apply to existing sessions
 * at once. Each refuses a change that would shut out the admin making it:
 * - requiring two-factor needs the admin's own factor on (or an SSO session);
 *   it is available on every plan, because it protects every plan's data;
 * - enforcing SSO needs the Enterprise plan and an enabled SAML connection
 *   (enabled only after a successful test sign-in). Members who manage SSO
 *   stay exempt as the break-glass path.
 */
export async function getSecuritySettings(db: Database, orgId: string) {
  const org = await db.prisma.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { plan: true, requireTwoFactor: true, enforceSso: true, ssoConnection: { select: { enabled: true } } },
  })
  const membersWithoutTwoFactor = await db.prisma.membership.count({
    where: { orgId, status: 'ACTIVE', user: { OR: [{ twoFactor: null }, { twoFactor: { confirmedAt: null } }] } },
  })
  return {
    plan: org.plan,
    requireTwoFactor: org.requireTwoFactor,
    enforceSso: org.enforceSso,
    ssoEnabled: org.ssoConnection?.enabled ?? false,
    membersWithoutTwoFactor,
  }
}

export async function setRequireTwoFactor(
  db: Database,
  access: Access,
  audit: AuditContext,
  caller: { session: Pick<Session, 'authMethod' | 'ssoOrgId'>; hasTwoFactor: boolean },
  required: boolean,
) {
  const exempt = caller.session.authMethod === 'clerk' || signedInThroughOrgSso(caller.session, access.orgId)
  if (required && !exempt && !caller.hasTwoFactor) {
    throw new AppError('UNPROCESSABLE', 'Turn on two-factor authentication for your own account first, so that this rule does not lock you out.')
  }
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { requireTwoFactor: true } })
    if (before.requireTwoFactor === required) return { requireTwoFactor: required }
    await tx.organization.update({ where: { id: access.orgId }, data: { requireTwoFactor: required } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'org.security_settings_changed',
      targets: [{ type: 'organization', id: access.orgId }],
      metadata: { before: { requireTwoFactor: before.requireTwoFactor }, after: { requireTwoFactor: required } },
    })
    return { requireTwoFactor: required }
  })
}

export async function setEnforceSso(db: Database, access: Access, audit: AuditContext, enforced: boolean) {
  // Read and written in one transaction, with the row locked: a concurrent "disable SSO" cannot slip between.
  return db.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${access.orgId} FOR UPDATE`
    const org = await tx.organization.findUniqueOrThrow({ where: { id: access.orgId }, include: { ssoConnection: true } })
    if (enforced) {
      assertPlanFeature(org, 'sso')
      if (!org.ssoConnection?.enabled) throw new AppError('UNPROCESSABLE', 'Set up, test and enable the SAML connection before enforcing it.')
    }
    if (org.enforceSso === enforced) return { enforceSso: enforced }
    await tx.organization.update({ where: { id: access.orgId }, data: { enforceSso: enforced } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'org.security_settings_changed',
      targets: [{ type: 'organization', id: access.orgId }],
      metadata: { before: { enforceSso: org.enforceSso }, after: { enforceSso: enforced } },
    })
    return { enforceSso: enforced }
  })
}
