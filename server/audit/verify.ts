import type { PrismaClient } from '@prisma/client'
import { GENESIS_HASH, chainHash } from './canonical'

export type VerifyResult =
  | { ok: true; checked: number; headSeq: number; headHash: string }
  | { ok: false; checked: number; brokenAtSeq: number; reason: string }

/**
 * Walks an organization's chain in sequence order, in batches (constant
 * memory), and reports the first link that does not hold: a gap or reorder in
 * the sequence, a predecessor hash that does not match, an event whose
 * content no longer matches its hash, or a head that disagrees with the last
 * event (events removed from the end).
 */
export async function verifyAuditChain(prisma: PrismaClient, orgId: string, batchSize = 5_000): Promise<VerifyResult> {
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let checked = 0
  for (;;) {
    const batch = await prisma.auditEvent.findMany({
      where: { orgId, seq: { gte: expectedSeq } },
      orderBy: { seq: 'asc' },
      take: batchSize,
    })
    for (const event of batch) {
      if (event.seq !== expectedSeq) {
        return { ok: false, checked, brokenAtSeq: expectedSeq, reason: `event ${expectedSeq} is missing (next is ${event.seq})` }
      }
      if (event.prevHash !== prevHash) {
        return { ok: false, checked, brokenAtSeq: event.seq, reason: 'previous-hash link does not match the event before it' }
      }
      if (chainHash(prevHash, event) !== event.hash) {
        return { ok: false, checked, brokenAtSeq: event.seq, reason: 'event content does not match its hash (altered)' }
      }
      prevHash = event.hash
      expectedSeq++
      checked++
    }
    if (batch.length < batchSize) break
  }
  const head = await prisma.auditChainHead.findUnique({ where: { orgId } })
  const headSeq = head?.seq ?? 0
  const headHash = head?.hash ?? GENESIS_HASH
  if (headSeq !== checked || headHash !== prevHash) {
    return {
      ok: false,
      checked,
      brokenAtSeq: checked + 1,
      reason: `chain head says ${headSeq} events but ${checked} verify (events removed from the end?)`,
    }
  }
  return { ok: true, checked, headSeq, headHash }
}
