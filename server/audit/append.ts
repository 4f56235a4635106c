import crypto from 'node:crypto'
import type { AuditActorType, Prisma } from '@prisma/client'
import { auditCatalog, type AuditAction } from './catalog'
import { GENESIS_HASH, chainHash } from './canonical'

/** Who did it and from where: built from the request by the API layer. */
export type AuditContext = {
  actor: { type: AuditActorType; id: string | null; email: string | null }
  ip: string
  userAgent: string
  requestId: string
  /** Set when support staff act under a grant: recorded in every event's metadata. */
  supportGrantId?: string
}

export type AuditTarget = { type: string; id: string; label?: string }

export type AuditEventInput = {
  orgId: string
  action: AuditAction
  targets?: AuditTarget[]
  success?: boolean
  /** Context of the change; for edits, { before, after }. JSON-serialisable. */
  metadata?: Record<string, unknown>
}

export const systemAuditContext = (requestId = 'system'): AuditContext => ({
  actor: { type: 'SYSTEM', id: null, email: null },
  ip: '',
  userAgent: '',
  requestId,
})

/**
 * Appends one event to the organization's chain, inside the caller's
 * transaction so that the event exists if and only if the change commits.
 * Two statements: the first bumps the chain head and takes its row lock
 * (concurrent writers of one org queue there, so sequence numbers are
 * gapless), the second inserts the event and records its hash as the head.
 */
export async function appendAuditEvent(
  tx: Prisma.TransactionClient,
  ctx: AuditContext,
  input: AuditEventInput,
): Promise<{ id: string; seq: number; hash: string }> {
  const [head] = await tx.$queryRaw<{ seq: number; hash: string }[]>`
    INSERT INTO "AuditChainHead" ("orgId", "seq", "hash", "updatedAt") VALUES (${input.orgId}, 1, ${GENESIS_HASH}, now())
    ON CONFLICT ("orgId") DO UPDATE SET "seq" = "AuditChainHead"."seq" + 1
    RETURNING "seq", "hash"`
  const event = {
    orgId: input.orgId,
    seq: Number(head!.seq),
    action: input.action,
    version: auditCatalog[input.action].version,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorEmail: ctx.actor.email,
    targets: input.targets ?? [],
    success: input.success ?? true,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    // Plain JSON values only, exactly as they will be read back and hashed again.
    metadata: JSON.parse(
      JSON.stringify(ctx.supportGrantId ? { ...input.metadata, supportGrantId: ctx.supportGrantId } : (input.metadata ?? {})),
    ) as Record<string, unknown>,
    occurredAt: new Date(),
  }
  const prevHash = head!.hash
  const hash = chainHash(prevHash, event)
  const id = crypto.randomUUID()
  // Timestamps are stored as UTC without zone, like every Prisma-written column.
  const occurredAt = event.occurredAt.toISOString().replace('Z', '')
  await tx.$executeRaw`
    WITH inserted AS (
      INSERT INTO "AuditEvent" ("id", "orgId", "seq", "action", "version", "actorType", "actorId", "actorEmail",
        "targets", "success", "ip", "userAgent", "requestId", "metadata", "occurredAt", "prevHash", "hash")
      VALUES (${id}, ${event.orgId}, ${event.seq}, ${event.action}, ${event.version},
        ${event.actorType}::"AuditActorType", ${event.actorId}, ${event.actorEmail},
        ${JSON.stringify(event.targets)}::jsonb, ${event.success}, ${event.ip}, ${event.userAgent}, ${event.requestId},
        ${JSON.stringify(event.metadata)}::jsonb, ${occurredAt}::timestamp(3), ${prevHash}, ${hash})
      RETURNING "orgId"
    )
    UPDATE "AuditChainHead" SET "hash" = ${hash}, "updatedAt" = now() WHERE "orgId" = (SELECT "orgId" FROM inserted)`
  return { id, seq: event.seq, hash }
}
