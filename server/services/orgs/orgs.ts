import crypto from 'node:crypto'
import type { DbClient } from '../../db/types'
import { roleTemplates } from '../../authz/role-templates'
import { AppError } from '../../errors'

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

/**
 * Creates an organization with the built-in role profiles and makes `ownerId`
 * its owner. Runs in the caller's transaction.
 */
export async function createOrganization(tx: DbClient, input: { name: string; ownerId: string }) {
  const org = await tx.organization.create({ data: { name: input.name, slug: slugify(input.name) } })
  await tx.role.createMany({
    data: roleTemplates.map((template) => ({
      orgId: org.id,
      key: template.key,
      name: template.name,
      description: template.description,
      permissions: template.permissions,
      builtIn: true,
    })),
  })
  const ownerRole = await tx.role.findUniqueOrThrow({ where: { orgId_key: { orgId: org.id, key: 'owner' } } })
  await tx.membership.create({ data: { orgId: org.id, userId: input.ownerId, roleId: ownerRole.id } })
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

/** Points a session at another organization the user belongs to. */
export async function switchOrganization(db: DbClient, input: { sessionId: string; userId: string; orgId: string }) {
  const membership = await findActiveMembership(db, input)
  // Same answer for "does not exist" and "not yours": no probing of org ids.
  if (!membership) throw new AppError('NOT_FOUND', 'Organization not found')
  await db.session.update({ where: { id: input.sessionId }, data: { activeOrgId: input.orgId } })
  return membership.org
}
