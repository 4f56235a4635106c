import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { hitRateLimit } from '../rate-limit/rate-limit'
import { ipInAllowlist, parseCidr } from '../../security/ip-allowlist'
import { assertPlanFeature } from '../billing/plans'

/**
 * An organization's IP allowlist (Enterprise plan). With no entries, every
 * network may reach the organization; with entries, only those. Enforced on
 * every tenant request in the procedure layer, from the client address
 * derived with the configured trusted proxy hops (server/http/client-ip.ts).
 */
export const maxEntries = 200
export const deniedAuditWindowSeconds = 600

export type AllowlistEntryInput = { cidr: string; label?: string }

export async function listAllowlist(db: Database, orgId: string) {
  return db.prisma.ipAllowlistEntry.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' } })
}

/**
 * Replaces the whole list. Refused when the organization is not on the
 * Enterprise plan, when an entry is not a valid address or CIDR, and when
 * the new list would shut out the admin saving it (their current address).
 */
export async function replaceAllowlist(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { entries: AllowlistEntryInput[] },
  clientIp: string,
) {
  const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: access.orgId } })
  // Emptying the list (turning it off) stays possible after leaving the Enterprise plan.
  if (input.entries.length > 0) assertPlanFeature(org, 'ip_allowlist')
  if (input.entries.length > maxEntries) throw new AppError('BAD_REQUEST', `At most ${maxEntries} entries.`)
  const parsed = input.entries.map((entry, index) => {
    const cidr = parseCidr(entry.cidr)
    if (!cidr) {
      throw new AppError('BAD_REQUEST', `Line ${index + 1}: “${entry.cidr}” is not an IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.0/24, 2001:db8::/32).`, {
        entries: `Line ${index + 1} is not valid`,
      })
    }
    return { cidr: cidr.text, label: (entry.label ?? '').trim().slice(0, 100) }
  })
  const unique = [...new Map(parsed.map((e) => [e.cidr, e])).values()]
  if (unique.length > 0 && !ipInAllowlist(clientIp, unique.map((e) => e.cidr))) {
    throw new AppError(
      'UNPROCESSABLE',
      `Your current address ${clientIp} is not in this list, so saving it would lock you out. Add it (or its network) first.`,
      { entries: `Add ${clientIp}` },
    )
  }
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.ipAllowlistEntry.findMany({ where: { orgId: access.orgId }, orderBy: { createdAt: 'asc' } })
    await tx.ipAllowlistEntry.deleteMany({ where: { orgId: access.orgId } })
    for (const entry of unique) {
      await tx.ipAllowlistEntry.create({ data: { orgId: access.orgId, cidr: entry.cidr, label: entry.label, createdById: access.userId } })
    }
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'ip_allowlist.updated',
      targets: [{ type: 'organization', id: access.orgId, label: org.name }],
      metadata: { before: before.map((e) => e.cidr), after: unique.map((e) => e.cidr) },
    })
    return unique
  })
}

/** Whether a request may reach the organization; an empty list allows all. */
export const allowedByAllowlist = (ip: string, cidrs: readonly string[]) => cidrs.length === 0 || ipInAllowlist(ip, cidrs)

/**
 * Records a refused request in the organization's audit log, at most once
 * per address every ten minutes, so a blocked client cannot flood the log.
 */
export async function recordDeniedRequest(db: Database, orgId: string, audit: AuditContext, path: string) {
  const limit = await hitRateLimit(db, `ip-denied:${orgId}:${audit.ip}`, { limit: 1, windowSeconds: deniedAuditWindowSeconds })
  if (!limit.allowed) return false
  await db.prisma.$transaction((tx) =>
    appendAuditEvent(tx, audit, {
      orgId,
      action: 'ip_allowlist.request_denied',
      success: false,
      targets: [{ type: 'organization', id: orgId }],
      metadata: { path },
    }),
  )
  return true
}
