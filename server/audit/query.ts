import type { Database } from '../db'

/**
 * Search over one organization's audit log, newest first, with keyset
 * pagination on the sequence number (stable under concurrent appends, no
 * OFFSET scans). Every filter maps onto an index: action, actor and date use
 * b-tree indexes led by orgId; targets and free text use GIN indexes.
 */
export type AuditFilters = {
  action?: string
  actor?: string
  targetType?: string
  target?: string
  from?: Date
  to?: Date
  q?: string
}

export type AuditEventRow = {
  id: string
  orgId: string
  seq: number
  action: string
  version: number
  actorType: string
  actorId: string | null
  actorEmail: string | null
  targets: { type: string; id: string; label?: string }[]
  success: boolean
  ip: string
  userAgent: string
  requestId: string
  metadata: Record<string, unknown>
  occurredAt: Date
  prevHash: string
  hash: string
}

export const auditColumns = `"id", "orgId", "seq", "action", "version", "actorType", "actorId", "actorEmail", "targets",
  "success", "ip", "userAgent", "requestId", "metadata", "occurredAt", "prevHash", "hash"`

/**
 * The query as search terms, as people type: whole words, the last one
 * possibly unfinished. "role.upd" → role & upd:*; "ann@acme.te" → ann & acme &
 * te:*. Only whole words for all but the last keeps the full-text index fast
 * (a prefix term must be expanded over the whole log). Only letters and digits
 * reach to_tsquery; the search vector splits identifiers the same way (see
 * the audit_search_words migration).
 */
export function toPrefixQuery(q: string): string | null {
  const words = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8)
  return words.length ? words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ') : null
}

/** WHERE clause and parameters for the filters; parameters start at $2 ($1 is the org). */
export function auditWhere(orgId: string, filters: AuditFilters, firstParam = 1) {
  const params: unknown[] = [orgId]
  const clauses = [`"orgId" = $${firstParam}`]
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value)
    clauses.push(sql(`$${firstParam + params.length - 1}`))
  }
  if (filters.action) {
    if (filters.action.endsWith('.*')) add((p) => `"action" LIKE ${p}`, `${filters.action.slice(0, -2).replace(/[%_\\]/g, '')}.%`)
    else add((p) => `"action" = ${p}`, filters.action)
  }
  if (filters.actor) add((p) => `("actorEmail" = lower(${p}) OR "actorId" = ${p})`, filters.actor.trim())
  if (filters.targetType || filters.target) {
    const target: Record<string, string> = {}
    if (filters.targetType) target.type = filters.targetType
    if (filters.target) target.id = filters.target
    add((p) => `"targets" @> ${p}::jsonb`, JSON.stringify([target]))
  }
  if (filters.from) add((p) => `"occurredAt" >= ${p}::timestamp(3)`, filters.from.toISOString().replace('Z', ''))
  if (filters.to) add((p) => `"occurredAt" < ${p}::timestamp(3)`, filters.to.toISOString().replace('Z', ''))
  const prefix = filters.q ? toPrefixQuery(filters.q) : null
  if (prefix) add((p) => `"search" @@ to_tsquery('simple', ${p})`, prefix)
  return { where: clauses.join(' AND '), params }
}

type RawRow = Omit<AuditEventRow, 'occurredAt'> & { occurredAt: Date | string }

export function toEventRow(row: RawRow): AuditEventRow {
  const occurredAt = row.occurredAt instanceof Date ? row.occurredAt : new Date(`${row.occurredAt}Z`)
  return { ...row, seq: Number(row.seq), occurredAt }
}

export async function searchAuditEvents(
  db: Pick<Database, 'query'>,
  orgId: string,
  filters: AuditFilters,
  page: { before?: number; limit: number; recentWindow?: number },
) {
  const byTime = Boolean(filters.from || filters.to)
  const recentWindow = page.recentWindow ?? defaultRecentWindow
  let rows: AuditEventRow[]
  if (filters.q && !byTime) {
    // A common word can match most of the log, and a GIN bitmap over all of
    // it costs far more than walking back from the newest event. So look in a
    // recent window first (a short seq range), and only if that does not fill
    // the page search the rest through the full-text index.
    const upper = page.before ?? (await latestSeq(db, orgId)) + 1
    const floor = Math.max(0, upper - recentWindow)
    rows = await pageQuery(db, orgId, filters, { before: upper, limit: page.limit + 1, minSeq: floor })
    if (rows.length <= page.limit && floor > 0) {
      rows = rows.concat(await pageQuery(db, orgId, filters, { before: floor, limit: page.limit + 1 - rows.length }))
    }
  } else {
    rows = await pageQuery(db, orgId, filters, { before: page.before, limit: page.limit + 1 })
  }
  const hasMore = rows.length > page.limit
  const events = hasMore ? rows.slice(0, page.limit) : rows
  return { events, nextBefore: hasMore ? events[events.length - 1]!.seq : null }
}

/** Events searched newest-first before trying the full-text index on the whole log. */
const defaultRecentWindow = 20_000

async function latestSeq(db: Pick<Database, 'query'>, orgId: string) {
  const [head] = await db.query<{ seq: number }>('SELECT "seq" FROM "AuditChainHead" WHERE "orgId" = $1', [orgId])
  return Number(head?.seq ?? 0)
}

async function pageQuery(
  db: Pick<Database, 'query'>,
  orgId: string,
  filters: AuditFilters,
  page: { before?: number; limit: number; minSeq?: number },
): Promise<AuditEventRow[]> {
  const { where, params } = auditWhere(orgId, filters)
  // With a date range, walk the (orgId, occurredAt, seq) index from the end of
  // the range; otherwise walk seq. Both are newest first and stop at the limit.
  const byTime = Boolean(filters.from || filters.to)
  let sql = `SELECT ${auditColumns} FROM "AuditEvent" WHERE ${where}`
  if (page.before) {
    params.push(page.before)
    const cursor = `$${params.length}`
    sql += byTime
      ? ` AND ("occurredAt", "seq") < ((SELECT "occurredAt" FROM "AuditEvent" WHERE "orgId" = $1 AND "seq" = ${cursor}), ${cursor})`
      : ` AND "seq" < ${cursor}`
  }
  if (page.minSeq !== undefined) {
    params.push(page.minSeq)
    sql += ` AND "seq" >= $${params.length}`
  }
  params.push(page.limit)
  sql += `${byTime ? ' ORDER BY "occurredAt" DESC, "seq" DESC' : ' ORDER BY "seq" DESC'} LIMIT $${params.length}`
  return (await db.query<RawRow>(sql, params)).map(toEventRow)
}

export async function getAuditEvent(db: Pick<Database, 'query'>, orgId: string, eventId: string) {
  const [row] = await db.query<RawRow>(`SELECT ${auditColumns} FROM "AuditEvent" WHERE "orgId" = $1 AND "id" = $2`, [orgId, eventId])
  return row ? toEventRow(row) : null
}
