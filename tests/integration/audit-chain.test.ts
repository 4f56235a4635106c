import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { createOrgWithOwner } from '../factories'
import { appendAuditEvent, systemAuditContext } from '../../server/audit/append'
import { verifyAuditChain } from '../../server/audit/verify'

const db = await useTestDatabase()

async function orgWithEvents(count: number) {
  const { org } = await createOrgWithOwner(db)
  for (let i = 0; i < count; i++) {
    await db.prisma.$transaction((tx) =>
      appendAuditEvent(tx, systemAuditContext(), { orgId: org.id, action: 'job.created', targets: [{ type: 'job', id: `job-${i}` }], metadata: { i } }),
    )
  }
  return org.id
}

/** Tampering as a database superuser would: with the append-only trigger switched off. */
async function tamper(sql: string, params: unknown[]) {
  await db.execScript('ALTER TABLE "AuditEvent" DISABLE TRIGGER USER')
  try {
    await db.query(sql, params)
  } finally {
    await db.execScript('ALTER TABLE "AuditEvent" ENABLE TRIGGER USER')
  }
}

describe('audit chain', () => {
  it('verifies an untouched chain', async () => {
    const orgId = await orgWithEvents(5)
    expect(await verifyAuditChain(db.prisma, orgId)).toMatchObject({ ok: true, checked: 5 })
  })

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const orgId = await orgWithEvents(1)
    await expect(db.query(`UPDATE "AuditEvent" SET "action" = 'x' WHERE "orgId" = $1`, [orgId])).rejects.toThrow(/append-only/)
    await expect(db.query(`DELETE FROM "AuditEvent" WHERE "orgId" = $1`, [orgId])).rejects.toThrow(/append-only/)
    await expect(db.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/)
    expect(await verifyAuditChain(db.prisma, orgId)).toMatchObject({ ok: true })
  })

  it('keeps sequence numbers gapless under concurrent writers', async () => {
    const { org } = await createOrgWithOwner(db)
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.prisma.$transaction((tx) => appendAuditEvent(tx, systemAuditContext(), { orgId: org.id, action: 'job.created', metadata: { i } })),
      ),
    )
    const seqs = (await db.prisma.auditEvent.findMany({ where: { orgId: org.id }, orderBy: { seq: 'asc' }, select: { seq: true } })).map((e) => e.seq)
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1))
    expect(await verifyAuditChain(db.prisma, org.id)).toMatchObject({ ok: true })
  })

  it('does not record an event when the change rolls back', async () => {
    const { org } = await createOrgWithOwner(db)
    const before = await db.prisma.auditEvent.count({ where: { orgId: org.id } })
    await expect(
      db.prisma.$transaction(async (tx) => {
        await appendAuditEvent(tx, systemAuditContext(), { orgId: org.id, action: 'job.created' })
        throw new Error('change failed')
      }),
    ).rejects.toThrow('change failed')
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id } })).toBe(before)
    expect(await verifyAuditChain(db.prisma, org.id)).toMatchObject({ ok: true })
  })

  it('catches an edited event', async () => {
    const orgId = await orgWithEvents(5)
    await tamper(`UPDATE "AuditEvent" SET "metadata" = '{"i": 99}' WHERE "orgId" = $1 AND "seq" = 3`, [orgId])
    expect(await verifyAuditChain(db.prisma, orgId)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: expect.stringMatching(/altered/) })
  })

  it('catches an edited event whose hash was recomputed by the attacker', async () => {
    const orgId = await orgWithEvents(4)
    // Rewriting row 2 with a fresh valid-looking hash breaks the link from row 3.
    await tamper(`UPDATE "AuditEvent" SET "hash" = repeat('a', 64) WHERE "orgId" = $1 AND "seq" = 2`, [orgId])
    expect(await verifyAuditChain(db.prisma, orgId)).toMatchObject({ ok: false, brokenAtSeq: 2 })
  })

  it('catches a deleted event in the middle', async () => {
    const orgId = await orgWithEvents(5)
    await tamper(`DELETE FROM "AuditEvent" WHERE "orgId" = $1 AND "seq" = 2`, [orgId])
    expect(await verifyAuditChain(db.prisma, orgId)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: expect.stringMatching(/missing/) })
  })

  it('catches deleted events at the end', async () => {
    const orgId = await orgWithEvents(5)
    await tamper(`DELETE FROM "AuditEvent" WHERE "orgId" = $1 AND "seq" >= 4`, [orgId])
    expect(await verifyAuditChain(db.prisma, orgId)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: expect.stringMatching(/removed from the end/) })
  })

  it('catches reordered events', async () => {
    const orgId = await orgWithEvents(5)
    await tamper(
      `UPDATE "AuditEvent" SET "seq" = CASE "seq" WHEN 2 THEN 1000 WHEN 3 THEN 2 END WHERE "orgId" = $1 AND "seq" IN (2, 3)`,
      [orgId],
    )
    await tamper(`UPDATE "AuditEvent" SET "seq" = 3 WHERE "orgId" = $1 AND "seq" = 1000`, [orgId])
    expect(await verifyAuditChain(db.prisma, orgId)).toMatchObject({ ok: false, brokenAtSeq: 2 })
  })
})
