import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { assertCanDelegate } from '../../authz/delegation'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { generateToken, hashToken } from '../../auth/tokens'
import { requirePlanFeature } from '../billing/plans'

/**
 * Per-organization SCIM bearer tokens (Enterprise plan). The token is shown
 * once at creation; only its SHA-256 is stored, with a short prefix to tell
 * tokens apart. Revoked tokens stop working on the next request. The last
 * use is recorded at most once a minute, so provisioning bursts do not turn
 * every read into a write.
 */
export const scimTokenPrefix = 'hp_scim_'
const maxActiveTokens = 10
const lastUsedResolutionMs = 60_000

export async function listScimTokens(db: Database, orgId: string) {
  return db.prisma.scimToken.findMany({
    where: { orgId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  })
}

export async function createScimToken(db: Database, access: Access, audit: AuditContext, input: { name: string }) {
  await requirePlanFeature(db.prisma, access.orgId, 'scim')
  // A token adds, suspends and removes members and gives them any role mapped to a group: only someone
  // who manages members and could grant every role but owner may hand one out.
  if (!access.permissions.has('members.manage')) throw new AppError('FORBIDDEN', 'You need the members.manage permission to do this')
  const roles = await db.prisma.role.findMany({ where: { orgId: access.orgId, key: { not: 'owner' } }, select: { permissions: true } })
  assertCanDelegate(access, [...new Set(roles.flatMap((r) => r.permissions))])
  const active = await db.prisma.scimToken.count({ where: { orgId: access.orgId, revokedAt: null } })
  if (active >= maxActiveTokens) throw new AppError('UNPROCESSABLE', `At most ${maxActiveTokens} active tokens. Revoke one you no longer use.`)
  const token = `${scimTokenPrefix}${generateToken()}`
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.scimToken.create({
      data: { orgId: access.orgId, name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, scimTokenPrefix.length + 6), createdById: access.userId },
    })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'scim.token_created',
      targets: [{ type: 'scim_token', id: row.id, label: row.name }],
    })
    return { id: row.id, name: row.name, prefix: row.prefix, token }
  })
}

export async function revokeScimToken(db: Database, access: Access, audit: AuditContext, input: { tokenId: string }, now = new Date()) {
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.scimToken.findFirst({ where: { id: input.tokenId, orgId: access.orgId } })
    if (!row) throw new AppError('NOT_FOUND', 'Token not found')
    if (row.revokedAt) throw new AppError('CONFLICT', 'This token is already revoked.')
    await tx.scimToken.update({ where: { id: row.id }, data: { revokedAt: now } })
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'scim.token_revoked', targets: [{ type: 'scim_token', id: row.id, label: row.name }] })
    return { revoked: true }
  })
}

export type ScimCaller = { orgId: string; tokenId: string; plan: 'STANDARD' | 'ENTERPRISE'; ipAllowlist: string[] }

/** The organization a bearer token speaks for, or null (unknown, revoked, malformed). One query. */
export async function authenticateScimToken(db: Database, authorization: string | undefined, now = new Date()): Promise<ScimCaller | null> {
  const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization ?? '')
  if (!match || !match[1]!.startsWith(scimTokenPrefix)) return null
  const utc = (date: Date) => date.toISOString().replace('Z', '')
  const [row] = await db.query<{ id: string; orgId: string; plan: 'STANDARD' | 'ENTERPRISE'; touch: boolean; ipAllowlist: string[] }>(
    `SELECT t."id", t."orgId", o."plan", (t."lastUsedAt" IS NULL OR t."lastUsedAt" < $2::timestamp) AS "touch",
            COALESCE((SELECT json_agg(e."cidr") FROM "IpAllowlistEntry" e WHERE e."orgId" = t."orgId"), '[]'::json) AS "ipAllowlist"
     FROM "ScimToken" t JOIN "Organization" o ON o."id" = t."orgId"
     WHERE t."tokenHash" = $1 AND t."revokedAt" IS NULL`,
    [hashToken(match[1]!), utc(new Date(now.getTime() - lastUsedResolutionMs))],
    'scim-token',
  )
  if (!row) return null
  if (row.touch) await db.query('UPDATE "ScimToken" SET "lastUsedAt" = $2 WHERE "id" = $1', [row.id, utc(now)])
  const ipAllowlist = (typeof row.ipAllowlist === 'string' ? JSON.parse(row.ipAllowlist) : row.ipAllowlist) as string[]
  return { orgId: row.orgId, tokenId: row.id, plan: row.plan, ipAllowlist }
}
