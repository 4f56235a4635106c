import type { AuditActorType, Prisma } from '@prisma/client'
import { auditCatalog, type AuditAction } from './catalog'
import { GENESIS_HASH, chainHash } from './canonical'

/** Who did it and from where: built from the request by the API layer. */
export type AuditContext = {
  actor: { type: AuditActorType; id: string | null; email: string | null }
  ip: string
  userAgent: string
  requestId: string
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
 * The chain head's row lock orders concurrent writers of one org: sequence
 * numbers are gapless and each event hashes its predecessor.
 */
export async function appendAuditEvent(tx: Prisma.TransactionClient, ctx: AuditContext, input: AuditEventInput) {
  await tx.$executeRaw`INSERT INTO "AuditChainHead" ("orgId", "seq", "hash") VALUES (${input.orgId}, 0, ${GENESIS_HASH}) ON CONFLICT ("orgId") DO NOTHING`
  const [head] = await tx.$queryRaw<{ seq: number; hash: string }[]>`
    SELECT "seq", "hash" FROM "AuditChainHead" WHERE "orgId" = ${input.orgId} FOR UPDATE`
  const event = {
    orgId: input.orgId,
    seq: Number(head!.seq) + 1,
    action: input.action,
    version: auditCatalog[input.action].version,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorEmail: ctx.actor.email,
    targets: (input.targets ?? []) as Prisma.InputJsonValue,
    success: input.success ?? true,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    metadata: JSON.parse(JSON.stringify(input.metadata ?? {})) as Prisma.InputJsonValue,
    // Millisecond precision: what the column stores is what was hashed.
    occurredAt: new Date(Math.floor(Date.now())),
  }
  const hash = chainHash(head!.hash, event)
  const created = await tx.auditEvent.create({ data: { ...event, prevHash: head!.hash, hash } })
  await tx.$executeRaw`UPDATE "AuditChainHead" SET "seq" = ${event.seq}, "hash" = ${hash}, "updatedAt" = now() WHERE "orgId" = ${input.orgId}`
  return created
}
