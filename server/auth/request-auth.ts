import type { Membership, Organization, Role, Session, SupportGrant, User } from '@prisma/client'
import type { Database } from '../db'
import { hashToken } from './tokens'
import { isSessionLive, sessionPolicy } from './session'
import type { OverrideRow } from '../authz/access'

/**
 * Everything a request needs to know about its caller, read in ONE query:
 * the session for the cookie token, its user, and — when the session points
 * at an organization — the active membership there with its role, the
 * organization and the member's permission overrides; for support staff
 * without a membership, their live support grant there (so expiry and
 * revocation apply to the very next request); and the organization's IP
 * allowlist. This runs on every request, so it is hand-written SQL (one
 * round trip) rather than several ORM queries; the rows are mapped back to
 * the Prisma types.
 */
export type ActiveMembership = Membership & { role: Role; org: Organization; overrides: OverrideRow[] }
export type LiveSupportGrant = SupportGrant & { org: Organization; role: Role | null }
export type RequestAuth = {
  session: Session
  user: User
  membership: ActiveMembership | null
  /** Staff acting inside a customer's organization under a grant (membership is null then). */
  supportGrant: LiveSupportGrant | null
  /** The active organization's allowed networks; empty when it has no allowlist. */
  ipAllowlist: string[]
  /** Whether the user has a confirmed TOTP factor (for the organization's require-2FA rule). */
  hasTwoFactor: boolean
}

const sql = `
SELECT row_to_json(s) AS session, row_to_json(u) AS "user", row_to_json(m) AS membership,
       row_to_json(r) AS role, row_to_json(o) AS org,
       COALESCE((SELECT json_agg(json_build_object('permission', po."permission", 'effect', po."effect"))
                 FROM "PermissionOverride" po WHERE po."membershipId" = m."id"), '[]'::json) AS overrides,
       row_to_json(g) AS "supportGrant", row_to_json(gr) AS "grantRole", row_to_json(go) AS "grantOrg",
       COALESCE((SELECT json_agg(e."cidr") FROM "IpAllowlistEntry" e WHERE e."orgId" = s."activeOrgId"), '[]'::json) AS "ipAllowlist",
       EXISTS (SELECT 1 FROM "TwoFactor" tf WHERE tf."userId" = u."id" AND tf."confirmedAt" IS NOT NULL) AS "hasTwoFactor"
FROM "Session" s
JOIN "User" u ON u."id" = s."userId"
LEFT JOIN "Membership" m ON m."userId" = s."userId" AND m."orgId" = s."activeOrgId" AND m."status" = 'ACTIVE'
LEFT JOIN "Role" r ON r."id" = m."roleId"
LEFT JOIN "Organization" o ON o."id" = m."orgId"
LEFT JOIN LATERAL (
  SELECT * FROM "SupportGrant" sg
  WHERE m."id" IS NULL AND u."isStaff" AND sg."orgId" = s."activeOrgId" AND sg."staffUserId" = s."userId"
    AND sg."status" = 'active' AND sg."startsAt" <= $2::timestamp AND sg."expiresAt" > $2::timestamp
  ORDER BY sg."expiresAt" DESC LIMIT 1
) g ON true
LEFT JOIN "Role" gr ON gr."id" = g."roleId" AND gr."orgId" = g."orgId"
LEFT JOIN "Organization" go ON go."id" = g."orgId"
WHERE s."tokenHash" = $1
  -- An account being deleted authenticates nowhere, whatever session it still has.
  AND u."deletionRequestedAt" IS NULL`

type Row = {
  session: unknown
  user: unknown
  membership: unknown
  role: unknown
  org: unknown
  overrides: OverrideRow[]
  supportGrant: unknown
  grantRole: unknown
  grantOrg: unknown
  ipAllowlist: unknown
  hasTwoFactor: boolean
}

const dateFields = new Set([
  'createdAt',
  'updatedAt',
  'expiresAt',
  'lastSeenAt',
  'rotatedAt',
  'revokedAt',
  'startsAt',
  'requestedAt',
  'decidedAt',
])

/** row_to_json renders timestamps as text; give them back as Dates. */
function withDates<T>(value: unknown): T {
  const record = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (dateFields.has(key) && typeof record[key] === 'string') record[key] = new Date(`${record[key] as string}Z`)
  }
  return record as T
}

export async function loadRequestAuth(db: Pick<Database, 'query'>, token: string | undefined, now = new Date()): Promise<RequestAuth | null> {
  if (!token || token.length > 200) return null
  // Timestamps are stored as UTC without zone, like every Prisma-written column.
  const [row] = await db.query<Row>(sql, [hashToken(token), now.toISOString().replace('Z', '')], 'request-auth')
  if (!row) return null
  const session = withDates<Session>(row.session)
  if (!isSessionLive(session, now)) return null
  if (now.getTime() - session.lastSeenAt.getTime() > sessionPolicy.touchAfterMs) {
    await db.query('UPDATE "Session" SET "lastSeenAt" = $2 WHERE "id" = $1', [session.id, now.toISOString()])
  }
  const membership = row.membership
    ? {
        ...withDates<Membership>(row.membership),
        role: withDates<Role>(row.role),
        org: withDates<Organization>(row.org),
        overrides: typeof row.overrides === 'string' ? (JSON.parse(row.overrides) as OverrideRow[]) : row.overrides,
      }
    : null
  const supportGrant = row.supportGrant
    ? { ...withDates<SupportGrant>(row.supportGrant), org: withDates<Organization>(row.grantOrg), role: row.grantRole ? withDates<Role>(row.grantRole) : null }
    : null
  const ipAllowlist = (typeof row.ipAllowlist === 'string' ? JSON.parse(row.ipAllowlist) : row.ipAllowlist) as string[]
  return { session, user: withDates<User>(row.user), membership, supportGrant, ipAllowlist, hasTwoFactor: row.hasTwoFactor === true }
}
