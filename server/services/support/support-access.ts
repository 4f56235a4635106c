import type { Prisma, SupportGrant } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access, Visibility } from '../../authz/access'
import { allPermissions } from '../../authz/permissions'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { normalizeEmail } from '../accounts/accounts'
import { assertPlanFeature, requirePlanFeature } from '../billing/plans'

/**
 * Just-in-time support access. Operator support staff (User.isStaff) reach no
 * organization by default. An admin grants a named staff member access for
 * at most 24 hours, read-only or with one of the organization's roles; or
 * staff ask and an admin approves or denies. The grant is checked on every
 * request (server/auth/request-auth.ts), so expiry and revocation apply to
 * the next request without any job. Every step, each entry into the
 * organization and every action taken under a grant (actor STAFF, with the
 * grant id) is in the organization's audit log.
 */
export const maxDurationHours = 24
export type SupportScope = 'read_only' | 'role'

/** What read-only support sees: every read permission; no contact details, compensation or recordings. */
export const readOnlySupportRole: Visibility & { permissions: string[]; name: string } = {
  name: 'Support (read-only)',
  permissions: allPermissions.filter((p) => p.endsWith('.read')),
  jobVisibility: 'ALL',
  seeCandidateContact: false,
  seeCompensation: false,
  seeAiScores: true,
  seeRecordings: false,
}

export type GrantStatus = 'requested' | 'active' | 'expired' | 'denied' | 'revoked'

export function grantStatus(grant: Pick<SupportGrant, 'status' | 'expiresAt'>, now = new Date()): GrantStatus {
  if (grant.status === 'active' && grant.expiresAt && grant.expiresAt <= now) return 'expired'
  return grant.status as GrantStatus
}

type GrantInput = { reason: string; scope: SupportScope; roleId?: string; durationHours: number }

async function checkedRole(tx: Prisma.TransactionClient, orgId: string, input: GrantInput) {
  if (input.scope !== 'role') return null
  const role = input.roleId ? await tx.role.findFirst({ where: { id: input.roleId, orgId } }) : null
  if (!role) throw new AppError('NOT_FOUND', 'Role not found', { roleId: 'Choose one of your roles' })
  return role
}

async function refuseSecondActiveGrant(tx: Prisma.TransactionClient, orgId: string, staffUserId: string, now: Date) {
  const active = await tx.supportGrant.findFirst({ where: { orgId, staffUserId, status: 'active', expiresAt: { gt: now } } })
  if (active) {
    throw new AppError('CONFLICT', `This staff member already has access until ${active.expiresAt!.toISOString()}. Revoke it first to change it.`)
  }
}

const describe = (grant: SupportGrant, staffEmail: string, roleName: string | null) => ({
  type: 'support_grant',
  id: grant.id,
  label: `${staffEmail} (${grant.scope === 'read_only' ? 'read-only' : (roleName ?? 'role')})`,
})

/** An admin gives a named staff member access now. */
export async function grantSupportAccess(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: GrantInput & { staffEmail: string },
  now = new Date(),
) {
  return db.prisma.$transaction(async (tx) => {
    const staff = await tx.user.findFirst({ where: { email: normalizeEmail(input.staffEmail), isStaff: true } })
    if (!staff) throw new AppError('NOT_FOUND', 'No Hireproof support staff member has this email address', { staffEmail: 'Not a support staff member' })
    const role = await checkedRole(tx, access.orgId, input)
    await requirePlanFeature(tx, access.orgId, 'support_access')
    await refuseSecondActiveGrant(tx, access.orgId, staff.id, now)
    const minutes = input.durationHours * 60
    const grant = await tx.supportGrant.create({
      data: {
        orgId: access.orgId,
        staffUserId: staff.id,
        reason: input.reason,
        scope: input.scope,
        roleId: role?.id ?? null,
        status: 'active',
        durationMinutes: minutes,
        grantedById: access.userId,
        startsAt: now,
        expiresAt: new Date(now.getTime() + minutes * 60_000),
        decidedAt: now,
        decidedById: access.userId,
        createdAt: now,
      },
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'support_access.granted',
      targets: [describe(grant, staff.email, role?.name ?? null), { type: 'user', id: staff.id, label: staff.email }],
      metadata: { reason: input.reason, scope: input.scope, role: role?.name ?? null, expiresAt: grant.expiresAt },
    })
    return grant
  })
}

/** Staff ask an organization for access; its admins approve or deny. */
export async function requestSupportAccess(
  db: Database,
  staff: { id: string; email: string },
  audit: AuditContext,
  input: GrantInput & { orgId: string },
  now = new Date(),
) {
  return db.prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: input.orgId } })
    if (!org) throw new AppError('NOT_FOUND', 'Organization not found')
    // A request the organization could not approve would only wait forever.
    assertPlanFeature(org, 'support_access')
    const role = await checkedRole(tx, org.id, input)
    const open = await tx.supportGrant.findFirst({ where: { orgId: org.id, staffUserId: staff.id, status: 'requested' } })
    if (open) throw new AppError('CONFLICT', 'You already have a request waiting for this organization.')
    const grant = await tx.supportGrant.create({
      data: {
        orgId: org.id,
        staffUserId: staff.id,
        reason: input.reason,
        scope: input.scope,
        roleId: role?.id ?? null,
        status: 'requested',
        durationMinutes: input.durationHours * 60,
        requestedAt: now,
        createdAt: now,
      },
    })
    await appendAuditEvent(tx, audit, {
      orgId: org.id,
      action: 'support_access.requested',
      targets: [describe(grant, staff.email, role?.name ?? null)],
      metadata: { reason: input.reason, scope: input.scope, role: role?.name ?? null, durationHours: input.durationHours },
    })
    return grant
  })
}

export async function decideSupportRequest(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { grantId: string; approve: boolean },
  now = new Date(),
) {
  return db.prisma.$transaction(async (tx) => {
    const grant = await tx.supportGrant.findFirst({ where: { id: input.grantId, orgId: access.orgId } })
    if (!grant) throw new AppError('NOT_FOUND', 'Support access request not found')
    if (grant.status !== 'requested') throw new AppError('CONFLICT', `This request was already ${grant.status === 'active' ? 'approved' : grant.status}.`)
    const staff = await tx.user.findUniqueOrThrow({ where: { id: grant.staffUserId } })
    // Denying stays possible on any plan; revoking too (revokeSupportAccess).
    if (input.approve) await requirePlanFeature(tx, access.orgId, 'support_access')
    if (input.approve) await refuseSecondActiveGrant(tx, access.orgId, grant.staffUserId, now)
    const updated = await tx.supportGrant.update({
      where: { id: grant.id },
      data: input.approve
        ? {
            status: 'active',
            grantedById: access.userId,
            startsAt: now,
            expiresAt: new Date(now.getTime() + grant.durationMinutes * 60_000),
            decidedAt: now,
            decidedById: access.userId,
          }
        : { status: 'denied', decidedAt: now, decidedById: access.userId },
    })
    const role = grant.roleId ? await tx.role.findFirst({ where: { id: grant.roleId, orgId: access.orgId } }) : null
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: input.approve ? 'support_access.approved' : 'support_access.denied',
      targets: [describe(updated, staff.email, role?.name ?? null)],
      metadata: input.approve ? { expiresAt: updated.expiresAt } : {},
    })
    return updated
  })
}

/** Ends a grant at once: the staff member's next request is refused. */
export async function revokeSupportAccess(db: Database, access: Access, audit: AuditContext, input: { grantId: string }, now = new Date()) {
  return db.prisma.$transaction(async (tx) => {
    const grant = await tx.supportGrant.findFirst({ where: { id: input.grantId, orgId: access.orgId } })
    if (!grant) throw new AppError('NOT_FOUND', 'Support access grant not found')
    if (grantStatus(grant, now) !== 'active') throw new AppError('CONFLICT', `This access is already ${grantStatus(grant, now)}.`)
    const staff = await tx.user.findUniqueOrThrow({ where: { id: grant.staffUserId } })
    const updated = await tx.supportGrant.update({
      where: { id: grant.id },
      data: { status: 'revoked', revokedAt: now, revokedById: access.userId },
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'support_access.revoked',
      targets: [describe(updated, staff.email, null)],
      metadata: { expiresAt: grant.expiresAt, revokedAt: now },
    })
    return updated
  })
}

/** The organization's grants and requests, for its admins. */
export async function listSupportAccess(db: Database, orgId: string, now = new Date()) {
  const grants = await db.prisma.supportGrant.findMany({ where: { orgId }, orderBy: { createdAt: 'desc' }, take: 100 })
  const users = await db.prisma.user.findMany({
    where: { id: { in: [...new Set(grants.flatMap((g) => [g.staffUserId, g.grantedById, g.revokedById].filter((v): v is string => !!v)))] } },
    select: { id: true, email: true, name: true },
  })
  const roles = await db.prisma.role.findMany({ where: { orgId }, select: { id: true, name: true } })
  const email = (id: string | null) => users.find((u) => u.id === id)?.email ?? null
  return grants.map((g) => ({
    id: g.id,
    staff: users.find((u) => u.id === g.staffUserId) ?? { id: g.staffUserId, email: 'unknown', name: 'unknown' },
    reason: g.reason,
    scope: g.scope as SupportScope,
    roleName: g.scope === 'read_only' ? readOnlySupportRole.name : (roles.find((r) => r.id === g.roleId)?.name ?? 'Deleted role'),
    status: grantStatus(g, now),
    durationHours: g.durationMinutes / 60,
    requestedAt: g.requestedAt,
    startsAt: g.startsAt,
    expiresAt: g.expiresAt,
    grantedBy: email(g.grantedById),
    revokedAt: g.revokedAt,
    revokedBy: email(g.revokedById),
  }))
}

/** A staff member's own grants and requests, with the organizations' names. */
export async function listMySupportGrants(db: Database, staffUserId: string, now = new Date()) {
  const grants = await db.prisma.supportGrant.findMany({
    where: { staffUserId },
    orderBy: { createdAt: 'desc' },
    take: 100,
    include: { org: { select: { id: true, name: true } } },
  })
  return grants.map((g) => ({
    id: g.id,
    org: g.org,
    reason: g.reason,
    scope: g.scope as SupportScope,
    status: grantStatus(g, now),
    expiresAt: g.expiresAt,
    requestedAt: g.requestedAt,
  }))
}
