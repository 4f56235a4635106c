import type { Database } from '../db'
import { auditColumns, auditWhere, toEventRow, type AuditEventRow, type AuditFilters } from './query'

/**
 * Streams an organization's audit events in sequence order, in pages read
 * with keyset pagination, so memory stays flat whatever the log's size. The
 * NDJSON form carries every hashed field plus prevHash and hash, and ends
 * with the organization's signed checkpoints and the public key, which is all
 * scripts/verify-audit-export.mjs needs to verify the export offline.
 */
export const exportFormatVersion = 'hireproof-audit-export/1'
const pageSize = 500

async function* eventPages(db: Pick<Database, 'query'>, orgId: string, filters: AuditFilters) {
  const { where, params } = auditWhere(orgId, filters)
  let after = 0
  for (;;) {
    const rows = await db.query<Parameters<typeof toEventRow>[0]>(
      `SELECT ${auditColumns} FROM "AuditEvent" WHERE ${where} AND "seq" > $${params.length + 1} ORDER BY "seq" ASC LIMIT ${pageSize}`,
      [...params, after],
    )
    if (rows.length === 0) return
    const events = rows.map(toEventRow)
    yield events
    after = events[events.length - 1]!.seq
    if (rows.length < pageSize) return
  }
}

const eventJson = (e: AuditEventRow) => ({
  type: 'event',
  orgId: e.orgId,
  seq: e.seq,
  action: e.action,
  version: e.version,
  actorType: e.actorType,
  actorId: e.actorId,
  actorEmail: e.actorEmail,
  targets: e.targets,
  success: e.success,
  ip: e.ip,
  userAgent: e.userAgent,
  requestId: e.requestId,
  metadata: e.metadata,
  occurredAt: e.occurredAt.toISOString(),
  prevHash: e.prevHash,
  hash: e.hash,
})

export async function* auditNdjson(
  db: Pick<Database, 'query'>,
  input: { orgId: string; filters: AuditFilters; publicKeyPem: string | null; now?: Date },
): AsyncGenerator<string> {
  yield `${JSON.stringify({ type: 'header', format: exportFormatVersion, orgId: input.orgId, exportedAt: (input.now ?? new Date()).toISOString(), filters: input.filters })}\n`
  for await (const page of eventPages(db, input.orgId, input.filters)) {
    yield page.map((e) => JSON.stringify(eventJson(e))).join('\n') + '\n'
  }
  const checkpoints = await db.query<{ day: string; seq: number; hash: string; keyId: string; signature: string }>(
    `SELECT "day", "seq", "hash", "keyId", "signature" FROM "AuditCheckpoint" WHERE "orgId" = $1 ORDER BY "seq"`,
    [input.orgId],
  )
  yield `${JSON.stringify({ type: 'checkpoints', publicKey: input.publicKeyPem, checkpoints: checkpoints.map((c) => ({ ...c, seq: Number(c.seq) })) })}\n`
}

/** Spreadsheet programs run cells that start with these as formulas. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const csvColumns = ['seq', 'occurredAt', 'action', 'version', 'actorType', 'actorId', 'actorEmail', 'targets', 'success', 'ip', 'userAgent', 'requestId', 'metadata', 'prevHash', 'hash'] as const

export async function* auditCsv(db: Pick<Database, 'query'>, input: { orgId: string; filters: AuditFilters }): AsyncGenerator<string> {
  yield csvColumns.join(',') + '\r\n'
  for await (const page of eventPages(db, input.orgId, input.filters)) {
    yield page
      .map((e) => {
        const row = eventJson(e) as Record<string, unknown>
        return csvColumns.map((c) => csvCell(row[c])).join(',')
      })
      .join('\r\n') + '\r\n'
  }
}

/** A pull-based web stream: the next page is read only when the client has taken the last. */
export function toReadableStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await chunks.next()
      if (done) controller.close()
      else controller.enqueue(encoder.encode(value))
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
}
