import crypto from 'node:crypto'

/**
 * The exact bytes an audit event's hash covers. Canonical JSON: object keys
 * sorted, no whitespace, dates as ISO-8601 UTC with milliseconds. The same
 * function runs in the offline verifier (scripts/verify-audit-export.mjs
 * mirrors it), so changing it breaks every existing chain: don't.
 */
export const GENESIS_HASH = '0'.repeat(64)

export type ChainedFields = {
  orgId: string
  seq: number
  action: string
  version: number
  actorType: string
  actorId: string | null
  actorEmail: string | null
  targets: unknown
  success: boolean
  ip: string
  userAgent: string
  requestId: string
  metadata: unknown
  occurredAt: Date | string
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function canonicalEvent(event: ChainedFields): string {
  return canonicalJson({
    orgId: event.orgId,
    seq: event.seq,
    action: event.action,
    version: event.version,
    actor: { type: event.actorType, id: event.actorId, email: event.actorEmail },
    targets: event.targets,
    success: event.success,
    ip: event.ip,
    userAgent: event.userAgent,
    requestId: event.requestId,
    metadata: event.metadata,
    occurredAt: new Date(event.occurredAt).toISOString(),
  })
}

export function chainHash(prevHash: string, event: ChainedFields): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${canonicalEvent(event)}`).digest('hex')
}
