import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { createOrgWithOwner } from '../factories'
import { appendAuditEvent, type AuditContext } from '../../server/audit/append'
import { auditCsv, auditNdjson } from '../../server/audit/export'
import { searchAuditEvents } from '../../server/audit/query'
import {
  createDailyCheckpoints,
  generateSigningKeyPem,
  signingKeyFromPem,
  verifyCheckpointSignature,
} from '../../server/audit/checkpoint'

const db = await useTestDatabase()
const key = signingKeyFromPem(generateSigningKeyPem())
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-'))

const alice: AuditContext = { actor: { type: 'USER', id: 'u-alice', email: 'alice@example.test' }, ip: '203.0.113.1', userAgent: 'test', requestId: 'r1' }
const bob: AuditContext = { ...alice, actor: { type: 'USER', id: 'u-bob', email: 'bob@example.test' } }

async function seededOrg() {
  const { org } = await createOrgWithOwner(db)
  const append = (ctx: AuditContext, action: 'role.created' | 'job.created' | 'candidate.created', target: string, metadata = {}) =>
    db.prisma.$transaction((tx) => appendAuditEvent(tx, ctx, { orgId: org.id, action, targets: [{ type: action.split('.')[0]!, id: target }], metadata }))
  await append(alice, 'role.created', 'role-1', { after: { name: 'Sourcer' } })
  await append(bob, 'job.created', 'job-1', { after: { title: 'Platform engineer' } })
  await append(alice, 'candidate.created', 'cand-1')
  await append(bob, 'job.created', 'job-2', { after: { title: '=HYPERLINK("http://evil.example")' } })
  return org.id
}

async function collect(chunks: AsyncGenerator<string>) {
  let text = ''
  for await (const chunk of chunks) text += chunk
  return text
}

function verifyFile(file: string, ...args: string[]) {
  const result = spawnSync('node', ['scripts/verify-audit-export.mjs', file, ...args], { encoding: 'utf8' })
  return { code: result.status, out: result.stdout + result.stderr }
}

describe('audit search', () => {
  it('filters by action, actor, target, date and words, newest first', async () => {
    const orgId = await seededOrg()
    const search = (filters: object) => searchAuditEvents(db, orgId, filters, { limit: 50 }).then((r) => r.events.map((e) => e.action))
    expect(await search({ action: 'job.created' })).toEqual(['job.created', 'job.created'])
    expect(await search({ action: 'job.*' })).toHaveLength(2)
    expect(await search({ actor: 'ALICE@example.test' })).toEqual(['candidate.created', 'role.created'])
    expect(await search({ actor: 'u-bob' })).toHaveLength(2)
    expect(await search({ target: 'job-1' })).toEqual(['job.created'])
    expect(await search({ targetType: 'role' })).toEqual(['role.created'])
    expect(await search({ q: 'platf' })).toEqual(['job.created'])
    expect(await search({ q: "'); DROP TABLE \"AuditEvent\"; --" })).toEqual([])
    expect(await search({ from: new Date(Date.now() + 60_000) })).toEqual([])
    expect(await search({ to: new Date(Date.now() + 60_000), action: 'role.created' })).toEqual(['role.created'])
  })

  it('pages with a keyset cursor, without overlap or gaps', async () => {
    const orgId = await seededOrg()
    const first = await searchAuditEvents(db, orgId, {}, { limit: 2 })
    const second = await searchAuditEvents(db, orgId, {}, { before: first.nextBefore!, limit: 2 })
    const seqs = [...first.events, ...second.events].map((e) => e.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(seqs.at(-1)).toBe(1)
  })

  it('free text looks in the recent window first, then in the rest of the log', async () => {
    const orgId = await seededOrg() // seq 1..4: role, job(Platform), candidate, job(HYPERLINK)
    const found = async (q: string, before?: number) =>
      (await searchAuditEvents(db, orgId, { q }, { limit: 10, recentWindow: 2, before })).events.map((e) => e.seq)
    expect(await found('created')).toEqual([4, 3, 2, 1])
    expect(await found('sourcer')).toEqual([1]) // only outside the two newest
    expect(await found('hyperlink')).toEqual([4]) // only inside them
    expect(await found('created', 3)).toEqual([2, 1])
  })

  it('pages the same way inside a date range', async () => {
    const orgId = await seededOrg()
    const range = { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 3600_000) }
    const seen: number[] = []
    let before: number | undefined
    do {
      const page = await searchAuditEvents(db, orgId, range, { before, limit: 3 })
      seen.push(...page.events.map((e) => e.seq))
      before = page.nextBefore ?? undefined
    } while (before)
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBeGreaterThanOrEqual(4)
  })
})

describe('signed checkpoints and offline verification', () => {
  it('signs one checkpoint per organization per day', async () => {
    const orgId = await seededOrg()
    await createDailyCheckpoints(db, key)
    expect(await createDailyCheckpoints(db, key)).toBe(0)
    const checkpoint = await db.prisma.auditCheckpoint.findFirstOrThrow({ where: { orgId } })
    expect(checkpoint.seq).toBe(4)
    const statement = { orgId, day: checkpoint.day, seq: checkpoint.seq, hash: checkpoint.hash, keyId: checkpoint.keyId }
    expect(verifyCheckpointSignature(key.publicKeyPem, statement, checkpoint.signature)).toBe(true)
    expect(verifyCheckpointSignature(key.publicKeyPem, { ...statement, seq: 3 }, checkpoint.signature)).toBe(false)
  })

  it('an NDJSON export verifies offline, and any edit, removal or foreign key is caught', async () => {
    const orgId = await seededOrg()
    await createDailyCheckpoints(db, key)
    const text = await collect(auditNdjson(db, { orgId, filters: {}, publicKeyPem: key.publicKeyPem }))
    const file = path.join(dir, 'good.ndjson')
    fs.writeFileSync(file, text)
    expect(verifyFile(file)).toMatchObject({ code: 0, out: expect.stringContaining('VERIFIED: 4 events, unbroken chain; 1 signed checkpoint(s) match') })

    const lines = text.trimEnd().split('\n')
    const edited = lines.map((l) => (l.includes('"seq":2,') ? l.replace('Platform engineer', 'Plain engineer') : l))
    fs.writeFileSync(path.join(dir, 'edited.ndjson'), edited.join('\n'))
    expect(verifyFile(path.join(dir, 'edited.ndjson'))).toMatchObject({ code: 1, out: expect.stringContaining('event 2: content does not match its hash') })

    const removed = lines.filter((l) => !l.includes('"seq":3,'))
    fs.writeFileSync(path.join(dir, 'removed.ndjson'), removed.join('\n'))
    expect(verifyFile(path.join(dir, 'removed.ndjson'))).toMatchObject({ code: 1, out: expect.stringContaining('gaps') })

    const other = signingKeyFromPem(generateSigningKeyPem())
    const keyFile = path.join(dir, 'other.pem')
    fs.writeFileSync(keyFile, other.publicKeyPem)
    expect(verifyFile(file, '--public-key', keyFile)).toMatchObject({ code: 1, out: expect.stringContaining('signature does not verify') })

    const truncated = lines.slice(0, -1)
    fs.writeFileSync(path.join(dir, 'truncated.ndjson'), truncated.join('\n'))
    expect(verifyFile(path.join(dir, 'truncated.ndjson'))).toMatchObject({ code: 1, out: expect.stringContaining('cut short') })
  })

  it('exports CSV with one row per event and formulas neutralised', async () => {
    const orgId = await seededOrg()
    const csv = await collect(auditCsv(db, { orgId, filters: { action: 'job.created' } }))
    const rows = csv.trimEnd().split('\r\n')
    expect(rows[0]).toBe('seq,occurredAt,action,version,actorType,actorId,actorEmail,targets,success,ip,userAgent,requestId,metadata,prevHash,hash')
    expect(rows).toHaveLength(3)
    expect(csv).not.toMatch(/,=HYPERLINK/)
    expect(csv).toContain('HYPERLINK')
  })
})
