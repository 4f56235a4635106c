import crypto from 'node:crypto'
import type { Prisma } from '@prisma/client'
import type { DbClient } from '../../db/types'
import { roleTemplates } from '../../authz/role-templates'
import { AppError } from '../../errors'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

/** A URL-friendly, unique-enough slug; uniqueness is enforced by the database. */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return `${base || 'org'}-${crypto.randomBytes(3).toString('hex')}`
}

/** Gives a new organization the built-in role profiles (server/authz/role-templates.ts). */
export async function createBuiltInRoles(tx: Prisma.TransactionClient, orgId: string) {
  await tx.role.createMany({
    data: roleTemplates.map((template) => ({
      orgId,
      key: template.key,
      name: template.name,
      description: template.description,
      permissions: template.permissions,
      ...template.visibility,
      builtIn: true,
    })),
  })
}

/**
 * Creates an organization with the built-in role profiles and makes `ownerId`
 * its owner. Runs in the caller's transaction.
 */
export async function createOrganization(
  tx: Prisma.TransactionClient,
  input: { name: string; ownerId: string; audit?: AuditContext },
) {
  const org = await tx.organization.create({ data: { name: input.name, slug: slugify(input.name) } })
  await createBuiltInRoles(tx, org.id)
  const ownerRole = await tx.role.findUniqueOrThrow({ where: { orgId_key: { orgId: org.id, key: 'owner' } } })
  await tx.membership.create({ data: { orgId: org.id, userId: input.ownerId, roleId: ownerRole.id } })
  if (input.audit) {
    await appendAuditEvent(tx, input.audit, {
      orgId: org.id,
      action: 'org.created',
      targets: [{ type: 'organization', id: org.id, label: org.name }],
      metadata: { after: { name: org.name, plan: org.plan, region: org.region } },
    })
  }
  return org
}

/** Organizations the user is an active member of, oldest first. */
export function listUserOrganizations(db: DbClient, userId: string) {
  return db.membership.findMany({
    where: { userId, status: 'ACTIVE' },
    orderBy: { createdAt: 'asc' },
    select: { org: { select: { id: true, name: true, slug: true, plan: true } }, role: { select: { name: true } } },
  })
}

/** The active membership of a user in an org, with its role; null when there is none. */
export function findActiveMembership(db: DbClient, input: { userId: string; orgId: string }) {
  return db.membership.findFirst({
    where: { userId: input.userId, orgId: input.orgId, status: 'ACTIVE' },
    include: { role: true, org: true },
  })
}

/** Points a session at another organization the user belongs to, and records it there. */
export async function switchOrganization(
  tx: Prisma.TransactionClient,
  input: { sessionId: string; userId: string; orgId: string; audit: AuditContext; isStaff?: boolean; now?: Date },
) {
  const membership = await findActiveMembership(tx, input)
  if (!membership && input.isStaff) return enterUnderSupportGrant(tx, input)
  // Same answer for "does not exist" and "not yours": no probing of org ids.
  if (!membership) throw new AppError('NOT_FOUND', 'Organization not found')
  await tx.session.update({ where: { id: input.sessionId }, data: { activeOrgId: input.orgId } })
  await appendAuditEvent(tx, input.audit, {
    orgId: input.orgId,
    action: 'org.switched_in',
    targets: [{ type: 'session', id: input.sessionId }],
  })
  return membership.org
}

/**
 * Support staff enter an organization only under a live grant; the entry is
 * recorded as a use of the grant. Without one, the same NOT_FOUND as for an
 * organization that does not exist.
 */
async function enterUnderSupportGrant(
  tx: Prisma.TransactionClient,
  input: { sessionId: string; userId: string; orgId: string; audit: AuditContext; now?: Date },
) {
  const now = input.now ?? new Date()
  const grant = await tx.supportGrant.findFirst({
    where: { orgId: input.orgId, staffUserId: input.userId, status: 'active', startsAt: { lte: now }, expiresAt: { gt: now } },
    include: { org: true },
    orderBy: { expiresAt: 'desc' },
  })
  if (!grant) throw new AppError('NOT_FOUND', 'Organization not found')
  await tx.session.update({ where: { id: input.sessionId }, data: { activeOrgId: input.orgId } })
  await appendAuditEvent(tx, { ...input.audit, actor: { ...input.audit.actor, type: 'STAFF' }, supportGrantId: grant.id }, {
    orgId: input.orgId,
    action: 'support_access.used',
    targets: [{ type: 'support_grant', id: grant.id }, { type: 'session', id: input.sessionId }],
    metadata: { expiresAt: grant.expiresAt, scope: grant.scope },
  })
  return grant.org
}
