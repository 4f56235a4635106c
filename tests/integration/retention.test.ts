import { beforeEach, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, runQueuedJobs, testEnv } from '../factories'
import { candidateWithHistory } from '../factories/recruiting'
import { expectTRPCError } from './expect-error'
import { getBlobStore } from '../../server/storage'
import { scheduleDailyRetention } from '../../server/services/retention/rules'

/**
 * Retention rules through the procedures on the real database and blob
 * store: validated, previewed without changes, applied within their scope
 * (age, region, job, candidate standing) by hand or by the daily durable
 * job, with files deleted and every run audited with its counts.
 */
const db = await useTestDatabase()
beforeEach(() => db.prisma.backgroundJob.deleteMany({}))
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000)

/** Makes everything about the candidate look `days` old. */
async function age(candidateId: string, days: number) {
  const when = daysAgo(days)
  const interviews = await db.prisma.interview.findMany({ where: { application: { candidateId } }, select: { id: true } })
  const interviewId = { in: interviews.map((i) => i.id) }
  await db.prisma.recording.updateMany({ where: { interviewId }, data: { createdAt: when } })
  await db.prisma.transcript.updateMany({ where: { interviewId }, data: { createdAt: when } })
  await db.prisma.analysis.updateMany({ where: { interviewId }, data: { createdAt: when } })
  await db.prisma.$executeRaw`UPDATE "Candidate" SET "updatedAt" = ${when.toISOString().replace('Z', '')}::timestamp(3) WHERE id = ${candidateId}`
}

/** Retention rules are an Enterprise feature (tests/integration/billing.test.ts covers the Standard refusal). */
const enterprise = { plan: 'ENTERPRISE' } as const
const enterpriseCandidate = async () => candidateWithHistory(db, await createOrgWithOwner(db, undefined, enterprise))

describe('retention rules', () => {
  it('validates rules; only members with retention.manage change them', async () => {
    const { org, owner } = await createOrgWithOwner(db, undefined, enterprise)
    const { caller } = await callerAs(db, owner.id, org.id)
    await expectTRPCError(caller.retention.createRule({ dataKind: 'RECORDINGS', action: 'ANONYMISE', afterDays: 30, candidateStatus: 'ANY' }), 'UNPROCESSABLE_CONTENT')
    await expectTRPCError(caller.retention.createRule({ dataKind: 'RECORDINGS', action: 'DELETE', afterDays: 0, candidateStatus: 'ANY' }), 'BAD_REQUEST')
    const other = await createOrgWithOwner(db)
    const theirJob = await (await callerAs(db, other.owner.id, other.org.id)).caller.job.create({ title: 'X', description: '', location: '', region: 'EU', currency: 'EUR' })
    await expectTRPCError(caller.retention.createRule({ dataKind: 'ANALYSES', action: 'DELETE', afterDays: 30, jobId: theirJob.id, candidateStatus: 'ANY' }), 'NOT_FOUND')
    const recruiter = await createMember(db, org.id, 'recruiter')
    const { caller: noPermission } = await callerAs(db, recruiter.id, org.id)
    await expectTRPCError(noPermission.retention.createRule({ dataKind: 'ANALYSES', action: 'DELETE', afterDays: 30, candidateStatus: 'ANY' }), 'FORBIDDEN')
    expect(await db.prisma.retentionRule.count({ where: { orgId: org.id } })).toBe(0)
    const { id } = await caller.retention.createRule({ dataKind: 'ANALYSES', action: 'DELETE', afterDays: 30, candidateStatus: 'ANY' })
    await caller.retention.setEnabled({ ruleId: id, enabled: false })
    await caller.retention.deleteRule({ ruleId: id })
    await expectTRPCError(caller.retention.deleteRule({ ruleId: id }), 'NOT_FOUND')
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id, action: { startsWith: 'retention.rule_' } } })).toBe(3)
  })

  it('previews without changing anything, then deletes old recordings and their files, leaving recent ones', async () => {
    const old = await enterpriseCandidate()
    const recent = await candidateWithHistory(db, old)
    await age(old.candidate.id, 200)
    const { caller } = old
    await caller.retention.createRule({ dataKind: 'RECORDINGS', action: 'DELETE', afterDays: 180, candidateStatus: 'ANY' })
    const oldRecording = await db.prisma.recording.findFirstOrThrow({ where: { interview: { application: { candidateId: old.candidate.id } } } })
    expect(await caller.retention.preview()).toEqual([expect.objectContaining({ dataKind: 'RECORDINGS', action: 'DELETE', items: 1 })])
    expect(await db.prisma.recording.count({ where: { id: oldRecording.id } })).toBe(1)
    const { counts } = await caller.retention.run()
    expect(counts).toEqual([expect.objectContaining({ dataKind: 'RECORDINGS', items: 1 })])
    expect(await db.prisma.recording.count({ where: { id: oldRecording.id } })).toBe(0)
    expect(await getBlobStore(testEnv).size(oldRecording.storageKey)).toBeNull()
    expect(await db.prisma.recording.count({ where: { interview: { application: { candidateId: recent.candidate.id } } } })).toBe(1)
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: old.org.id, action: 'retention.run_completed' } })
    expect(event.metadata).toMatchObject({ trigger: 'manual', counts: [{ dataKind: 'RECORDINGS', items: 1 }] })
    expect(await caller.retention.preview()).toEqual([expect.objectContaining({ items: 0 })])
  })

  it('anonymises transcripts and analyses: no names or quotes left, scores kept', async () => {
    const subject = await enterpriseCandidate()
    await age(subject.candidate.id, 400)
    await subject.caller.retention.createRule({ dataKind: 'TRANSCRIPTS', action: 'ANONYMISE', afterDays: 365, candidateStatus: 'ANY' })
    await subject.caller.retention.run()
    const segments = await db.prisma.transcriptSegment.findMany({ where: { transcript: { interviewId: subject.interviewId } } })
    expect(JSON.stringify(segments)).not.toContain('Erin')
    expect(new Set(segments.map((s) => s.speaker))).toEqual(new Set(['Candidate', 'Interviewer 1']))
    const analysis = await db.prisma.analysis.findFirstOrThrow({ where: { interviewId: subject.interviewId } })
    expect(analysis.anonymisedAt).not.toBeNull()
    const competencies = (analysis.result as { competencies: { score: number | null; evidence: unknown[] }[] }).competencies
    expect(competencies[0]).toMatchObject({ evidence: [], evidenceRemoved: true })
    expect(typeof competencies[0]!.score).toBe('number')
    // Applied once: a second run finds nothing to do.
    expect((await subject.caller.retention.run()).counts).toEqual([expect.objectContaining({ items: 0 })])
  })

  it('anonymises only rejected candidates of one job; others keep their profile', async () => {
    const rejected = await enterpriseCandidate()
    const active = await candidateWithHistory(db, rejected)
    const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: rejected.candidate.id } })
    await rejected.caller.application.decide({ applicationId: application.id, kind: 'REJECT', reason: 'Another candidate had more depth' })
    await age(rejected.candidate.id, 800)
    await age(active.candidate.id, 800)
    await rejected.caller.retention.createRule({ dataKind: 'CANDIDATE_PROFILES', action: 'ANONYMISE', afterDays: 730, jobId: rejected.job.id, candidateStatus: 'REJECTED' })
    expect((await rejected.caller.retention.preview())[0]!.items).toBe(1)
    await rejected.caller.retention.run()
    const gone = await db.prisma.candidate.findUniqueOrThrow({ where: { id: rejected.candidate.id } })
    expect(gone).toMatchObject({ name: 'Anonymised candidate', email: null, phone: null, location: '' })
    expect(await db.prisma.candidateDocument.count({ where: { candidateId: rejected.candidate.id } })).toBe(0)
    const decisions = await db.prisma.applicationDecision.findMany({ where: { applicationId: application.id } })
    expect(decisions.map((d) => d.kind)).toEqual(['ADVANCE', 'REJECT'])
    expect(JSON.stringify(decisions)).not.toContain(rejected.marker)
    expect(await db.prisma.candidate.findUniqueOrThrow({ where: { id: active.candidate.id } })).toMatchObject({ name: active.person.name })
  })

  it('KVKK: a rule for candidates living in Türkiye deletes only their recordings; a bad country changes nothing', async () => {
    const inTurkey = await enterpriseCandidate()
    const elsewhere = await candidateWithHistory(db, inTurkey)
    await db.prisma.candidate.update({ where: { id: inTurkey.candidate.id }, data: { country: 'TR' } })
    await db.prisma.candidate.update({ where: { id: elsewhere.candidate.id }, data: { country: 'DE' } })
    await age(inTurkey.candidate.id, 200)
    await age(elsewhere.candidate.id, 200)
    const { caller } = inTurkey
    await expectTRPCError(
      caller.retention.createRule({ dataKind: 'RECORDINGS', action: 'DELETE', afterDays: 180, candidateCountry: 'Turkey', candidateStatus: 'ANY' }),
      'BAD_REQUEST',
    )
    expect(await db.prisma.retentionRule.count({ where: { orgId: inTurkey.org.id } })).toBe(0)
    await caller.retention.createRule({ dataKind: 'RECORDINGS', action: 'DELETE', afterDays: 180, candidateCountry: 'tr', candidateStatus: 'ANY' })
    expect(await caller.retention.preview()).toEqual([expect.objectContaining({ items: 1 })])
    await caller.retention.run()
    expect(await db.prisma.recording.count({ where: { interview: { application: { candidateId: inTurkey.candidate.id } } } })).toBe(0)
    expect(await db.prisma.recording.count({ where: { interview: { application: { candidateId: elsewhere.candidate.id } } } })).toBe(1)
  })

  it('runs daily as a durable job: one per organization and day, audited as scheduled', async () => {
    const subject = await enterpriseCandidate()
    await age(subject.candidate.id, 40)
    await subject.caller.retention.createRule({ dataKind: 'ANALYSES', action: 'DELETE', afterDays: 30, region: 'EU', candidateStatus: 'ANY' })
    const now = new Date()
    await scheduleDailyRetention(db, now)
    await scheduleDailyRetention(db, now)
    const queued = await db.prisma.backgroundJob.findMany({ where: { kind: 'apply-retention', orgId: subject.org.id } })
    expect(queued).toHaveLength(1)
    // Other organizations of this test database have rules too: each gets its own run.
    const ran = await runQueuedJobs(db)
    expect(ran.length).toBeGreaterThan(0)
    expect(ran.every((r) => r.kind === 'apply-retention' && r.outcome === 'succeeded')).toBe(true)
    expect(await db.prisma.analysis.count({ where: { interviewId: subject.interviewId } })).toBe(0)
    const run = await db.prisma.retentionRun.findFirstOrThrow({ where: { orgId: subject.org.id } })
    expect(run).toMatchObject({ trigger: 'schedule', counts: [expect.objectContaining({ items: 1 })] })
    expect(run.finishedAt).not.toBeNull()
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: subject.org.id, action: 'retention.run_completed' } })
    expect(event.actorType).toBe('SYSTEM')
  })
})
