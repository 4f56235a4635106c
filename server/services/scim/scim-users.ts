import { Prisma } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import { isUniqueViolation } from '../../db/errors'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { ScimError, invalidValue, mutability, uniqueness } from '../../scim/errors'
import { matchesFilter, parseFilter, simpleEquality } from '../../scim/filter'
import { projectAttributes } from '../../scim/attributes'
import { applyPatch, defaultPatchOptions } from '../../scim/patch'
import { listResponse, pagination, parseUserInput, userResource, type ScimMembershipRow, type UserInput } from '../../scim/resources'
import { scimDefaultRoleId } from './scim-roles'
import { endSessionsInOrg, suspendMembership } from '../members/members'

/**
 * SCIM Users of one organization (RFC 7644 §3). A User is a membership:
 * - POST provisions: the userName must be at one of the organization's
 *   verified domains (accounts are global; see assertVerifiedDomain). An
 *   existing account with that email joins the organization (never an
 *   operator's account); otherwise a password-less account is created (the
 *   person signs in through SSO). The new member gets the default role.
 * - `active: false` suspends the membership and ends its sessions in the
 *   organization at once; `true` reactivates it.
 * - DELETE removes the membership (and ends those sessions); the account
 *   and the organization's audit trail stay.
 * - The account's name and email are shared with the person's other
 *   organizations, so they change only while this organization is the
 *   account's only one; otherwise a rename is kept as this organization's
 *   SCIM displayName and an email change is refused (mutability).
 * - The last active owner cannot be deactivated or deleted by SCIM.
 * Every change is audited with actor SCIM (the token id).
 */
export type ScimContext = { orgId: string; baseUrl: string; audit: AuditContext }
export type ListQuery = { filter?: string; startIndex?: unknown; count?: unknown; attributes?: string; excludedAttributes?: string }

const include = {
  user: { select: { id: true, email: true, name: true } },
  role: { select: { key: true } },
  scimGroups: { select: { group: { select: { id: true, displayName: true } } } },
} satisfies Prisma.MembershipInclude

type Row = Prisma.MembershipGetPayload<{ include: typeof include }>

const notFound = (id: string) => new ScimError(404, `User ${id.slice(0, 64)} not found`)

async function findRow(db: DbClient, orgId: string, id: string): Promise<Row> {
  const row = await db.membership.findFirst({ where: { id, orgId }, include })
  if (!row) throw notFound(id)
  return row
}

const asResource = (row: Row, ctx: ScimContext) => userResource(row as ScimMembershipRow, ctx.baseUrl)
const target = (row: { id: string; user: { email: string } }) => [{ type: 'user', id: row.id, label: row.user.email }]

export async function getUser(db: Database, ctx: ScimContext, id: string, query: ListQuery = {}) {
  return projectAttributes(asResource(await findRow(db.prisma, ctx.orgId, id), ctx), query)
}

/**
 * Filtered, paginated list. `userName eq`, `externalId eq` and `id eq` (what
 * Entra ID and Okta send before every create) run as indexed queries; other
 * filters are evaluated on the organization's members in memory.
 */
export async function listUsers(db: Database, ctx: ScimContext, query: ListQuery) {
  const { startIndex, count } = pagination(query)
  const filter = query.filter ? parseFilter(query.filter) : null
  const equality = filter ? simpleEquality(filter) : null
  const where: Prisma.MembershipWhereInput = { orgId: ctx.orgId }
  let indexed = !filter
  if (equality) {
    const path = equality.path.toLowerCase()
    if (path === 'username') (where.user = { email: equality.value.toLowerCase() }), (indexed = true)
    else if (path === 'externalid') (where.scimExternalId = equality.value), (indexed = true)
    else if (path === 'id') (where.id = equality.value), (indexed = true)
  }
  const project = (row: Row) => projectAttributes(asResource(row, ctx), query)
  if (indexed) {
    const [total, rows] = await Promise.all([
      db.prisma.membership.count({ where }),
      db.prisma.membership.findMany({ where, include, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip: startIndex - 1, take: count }),
    ])
    return listResponse(rows.map(project), total, startIndex)
  }
  const all = await db.prisma.membership.findMany({ where, include, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
  const matching = all.map((row) => ({ row, resource: asResource(row, ctx) })).filter(({ resource }) => matchesFilter(filter!, resource))
  const page = matching.slice(startIndex - 1, startIndex - 1 + count)
  return listResponse(page.map(({ resource }) => projectAttributes(resource, query)), matching.length, startIndex)
}


export async function createUser(db: Database, ctx: ScimContext, body: unknown) {
  const input = parseUserInput(body)
  try {
    const row = await db.prisma.$transaction(async (tx) => {
      if (input.externalId && (await tx.membership.findFirst({ where: { orgId: ctx.orgId, scimExternalId: input.externalId } }))) {
        throw uniqueness(`A user with externalId "${input.externalId}" already exists`)
      }
      await assertVerifiedDomain(tx, ctx.orgId, input.email)
      const existing = await tx.user.findUnique({ where: { email: input.email } })
      if (existing && (existing.isStaff || existing.isPlatformAdmin)) {
        throw invalidValue('This address belongs to a Hireproof operator account and cannot be provisioned')
      }
      // Provisioned again only once the old account is gone (minutes): the client retries a 409 later.
      if (existing?.deletionRequestedAt) throw uniqueness('The account with this userName is being deleted at its owner’s request; try again later')
      if (existing && (await tx.membership.findUnique({ where: { orgId_userId: { orgId: ctx.orgId, userId: existing.id } } }))) {
        throw uniqueness(`A user with userName "${input.userName}" already exists`)
      }
      const user = existing ?? (await tx.user.create({ data: { email: input.email, name: input.displayName } }))
      const membership = await tx.membership.create({
        data: {
          orgId: ctx.orgId,
          userId: user.id,
          roleId: await scimDefaultRoleId(tx, ctx.orgId),
          status: input.active ? 'ACTIVE' : 'SUSPENDED',
          scimExternalId: input.externalId,
          scimAttributes: input.extras as Prisma.InputJsonValue,
          provisionedBy: 'scim',
        },
        include,
      })
      await appendAuditEvent(tx, ctx.audit, {
        orgId: ctx.orgId,
        action: 'scim.user_created',
        targets: target(membership),
        metadata: { externalId: input.externalId, active: input.active, existingAccount: Boolean(existing) },
      })
      return membership
    })
    return asResource(row, ctx)
  } catch (error) {
    if (isUniqueViolation(error)) throw uniqueness(`A user with this userName or externalId already exists`)
    throw error
  }
}

/** PUT: the User as sent replaces what we hold (RFC 7644 §3.5.1). */
export async function replaceUser(db: Database, ctx: ScimContext, id: string, body: unknown) {
  return applyUserChange(db, ctx, id, () => parseUserInput(body))
}

/** PATCH: the operations apply to the current resource; the result is checked like a PUT. */
export async function patchUser(db: Database, ctx: ScimContext, id: string, body: unknown) {
  return applyUserChange(db, ctx, id, (current) => parseUserInput(applyPatch(current, body, defaultPatchOptions)))
}

async function applyUserChange(db: Database, ctx: ScimContext, id: string, next: (current: Record<string, unknown>) => UserInput) {
  try {
    const row = await db.prisma.$transaction(async (tx) => {
      const before = await findRow(tx, ctx.orgId, id)
      const input = next(asResource(before, ctx))
      await changeAccount(tx, before, input)
      if (input.externalId && input.externalId !== before.scimExternalId) {
        const taken = await tx.membership.findFirst({ where: { orgId: ctx.orgId, scimExternalId: input.externalId, id: { not: id } } })
        if (taken) throw uniqueness(`A user with externalId "${input.externalId}" already exists`)
      }
      const wasActive = before.status === 'ACTIVE'
      if (wasActive && !input.active) await assertNotLastOwner(tx, before)
      await tx.membership.update({
        where: { id },
        // Deactivation is suspendMembership's (it also ends the sessions); reactivation is this update's.
        data: { ...(input.active ? { status: 'ACTIVE' as const } : {}), scimExternalId: input.externalId, scimAttributes: input.extras as Prisma.InputJsonValue },
      })
      if (wasActive && !input.active) {
        const sessionsEnded = await suspendMembership(tx, before)
        await appendAuditEvent(tx, ctx.audit, { orgId: ctx.orgId, action: 'scim.user_deactivated', targets: target(before), metadata: { sessionsEnded } })
      } else if (!wasActive && input.active) {
        await appendAuditEvent(tx, ctx.audit, { orgId: ctx.orgId, action: 'scim.user_reactivated', targets: target(before) })
      }
      const after = await findRow(tx, ctx.orgId, id)
      const changed = changedAttributes(asResource(before, ctx), asResource(after, ctx))
      if (changed.length > 0) {
        await appendAuditEvent(tx, ctx.audit, { orgId: ctx.orgId, action: 'scim.user_updated', targets: target(after), metadata: { changed } })
      }
      return after
    })
    return asResource(row, ctx)
  } catch (error) {
    if (isUniqueViolation(error)) throw uniqueness('Another user already has this userName or externalId')
    throw error
  }
}

/** The account's own name and email, which only an organization that is the account's only one may change. */
async function changeAccount(tx: DbClient, before: Row, input: UserInput) {
  const emailChanged = input.email !== before.user.email
  const nameChanged = input.displayName !== before.user.name
  if (!emailChanged && !nameChanged) return
  const otherMemberships = await tx.membership.count({ where: { userId: before.userId, orgId: { not: before.orgId } } })
  if (emailChanged) {
    await assertVerifiedDomain(tx, before.orgId, input.email)
    if (otherMemberships > 0) {
      throw mutability('userName cannot change: this person’s Hireproof account also belongs to another organization')
    }
    if (await tx.user.findUnique({ where: { email: input.email } })) throw uniqueness(`A user with userName "${input.userName}" already exists`)
  }
  if (otherMemberships === 0) {
    await tx.user.update({ where: { id: before.userId }, data: { email: input.email, name: input.displayName } })
  }
}

/**
 * An organization provisions only addresses at its own DNS-verified domains:
 * accounts are global, so attaching or renaming an account outside them
 * would let the organization's identity provider sign in as someone else.
 */
async function assertVerifiedDomain(tx: DbClient, orgId: string, email: string) {
  const domain = email.split('@')[1] ?? ''
  const verified = await tx.verifiedDomain.findFirst({ where: { orgId, domain, verifiedAt: { not: null } }, select: { id: true } })
  if (!verified) {
    throw invalidValue(`userName must be an address at one of the organization's verified domains; ${domain.slice(0, 100)} is not one`)
  }
}

async function assertNotLastOwner(tx: DbClient, row: Row) {
  if (row.role.key !== 'owner') return
  const others = await tx.membership.count({ where: { orgId: row.orgId, status: 'ACTIVE', role: { key: 'owner' }, id: { not: row.id } } })
  if (others === 0) throw mutability('This member is the organization’s last owner; make someone else owner in Hireproof first')
}

/** Top-level attribute names whose values differ: what the audit event records (values may be personal data). */
function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => k !== 'meta'))
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort()
}

export async function deleteUser(db: Database, ctx: ScimContext, id: string) {
  await db.prisma.$transaction(async (tx) => {
    const row = await findRow(tx, ctx.orgId, id)
    if (row.status === 'ACTIVE') await assertNotLastOwner(tx, row)
    const groupIds = row.scimGroups.map((g) => g.group.id)
    await tx.membership.delete({ where: { id } })
    const sessionsEnded = await endSessionsInOrg(tx, row.userId, ctx.orgId)
    await appendAuditEvent(tx, ctx.audit, { orgId: ctx.orgId, action: 'scim.user_deleted', targets: target(row), metadata: { sessionsEnded, groups: groupIds } })
  })
}
