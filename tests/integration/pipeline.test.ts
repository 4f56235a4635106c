import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, roleOf } from '../factories'
import { expectTRPCError } from './expect-error'
import { expectAppError } from './expect-app-error'
import { decideApplication, defaultStages } from '../../server/services/pipeline/pipeline'
import { resolveAccess } from '../../server/authz/access'
import { systemAuditContext } from '../../server/audit/append'

/**
 * Rubrics, pipelines and human decisions through the procedures, on the real
 * database: every move has a person and a reason behind it, is applied only
 * if nobody moved the application meanwhile, and is audited; nothing
 * automated can move a candidate.
 */
const db = await useTestDatabase()

async function jobWithCandidate() {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id)
  const job = await caller.job.create({ title: 'Backend engineer', description: 'Go and PostgreSQL', location: 'Berlin', region: 'EU', currency: 'EUR' })
  const candidate = await caller.candidate.create({ name: 'Ada Candidate', location: 'Berlin', jobId: job.id })
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: candidate.id } })
  return { org, owner, caller, job, candidate, application }
}

describe('pipelines', () => {
  it('a new job gets the default pipeline and a new application starts in its first stage', async () => {
    const { caller, job, application } = await jobWithCandidate()
    const pipeline = await caller.job.pipeline({ jobId: job.id })
    expect(pipeline.stages.map((s) => s.name)).toEqual(defaultStages.map((s) => s.name))
    expect(pipeline.stages[0]).toMatchObject({ name: 'Applied', applications: [{ id: application.id, candidate: { name: 'Ada Candidate' } }] })
    expect(application.stageId).toBe(pipeline.stages[0]!.id)
  })

  it('stages can be renamed, reordered, added and removed; applications stay where they are; closed stages stay last', async () => {
    const { org, caller, job, application } = await jobWithCandidate()
    const [applied, screening, interview, offer] = (await caller.job.pipeline({ jobId: job.id })).stages
    await caller.job.setStages({
      jobId: job.id,
      stages: [
        { id: applied!.id, name: 'New' },
        { name: 'Take-home' },
        { id: interview!.id, name: 'Interview' },
        { id: screening!.id, name: 'Phone screen' },
      ],
    })
    const after = (await caller.job.pipeline({ jobId: job.id })).stages
    expect(after.map((s) => [s.name, s.kind])).toEqual([
      ['New', 'ACTIVE'],
      ['Take-home', 'ACTIVE'],
      ['Interview', 'ACTIVE'],
      ['Phone screen', 'ACTIVE'],
      ['Hired', 'HIRED'],
      ['Rejected', 'REJECTED'],
    ])
    expect(after[0]!.applications.map((a) => a.id)).toEqual([application.id])
    expect(await db.prisma.pipelineStage.count({ where: { id: offer!.id } })).toBe(0)
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'job.stages_updated' } })
    expect(event.metadata).toMatchObject({ before: ['Applied', 'Screening', 'Interview', 'Offer'], after: ['New', 'Take-home', 'Interview', 'Phone screen'] })
  })

  it('refuses to remove a stage that holds applications, duplicate names and foreign stage ids, changing nothing', async () => {
    const { caller, job } = await jobWithCandidate()
    const before = (await caller.job.pipeline({ jobId: job.id })).stages
    const [applied, screening] = before
    const occupied = await expectTRPCError(caller.job.setStages({ jobId: job.id, stages: [{ id: screening!.id, name: 'Screening' }] }), 'UNPROCESSABLE_CONTENT')
    expect(occupied.message).toMatch(/Move the 1 application\(s\) out of “Applied”/)
    await expectTRPCError(
      caller.job.setStages({ jobId: job.id, stages: [{ id: applied!.id, name: 'Applied' }, { name: 'applied' }] }),
      'UNPROCESSABLE_CONTENT',
    )
    await expectTRPCError(caller.job.setStages({ jobId: job.id, stages: [{ id: applied!.id, name: 'Applied' }, { name: 'Hired' }] }), 'UNPROCESSABLE_CONTENT')
    const other = await jobWithCandidate()
    const foreign = (await other.caller.job.pipeline({ jobId: other.job.id })).stages[1]!
    await expectTRPCError(caller.job.setStages({ jobId: job.id, stages: [{ id: applied!.id, name: 'Applied' }, { id: foreign.id, name: 'Theirs' }] }), 'NOT_FOUND')
    await expectTRPCError(caller.job.setStages({ jobId: job.id, stages: [] }), 'BAD_REQUEST')
    await expectTRPCError(caller.job.setStages({ jobId: job.id, stages: [{ id: applied!.id, name: 'A' }, { id: applied!.id, name: 'B' }] }), 'BAD_REQUEST')
    expect((await caller.job.pipeline({ jobId: job.id })).stages.map((s) => s.name)).toEqual(before.map((s) => s.name))
  })
})

describe('rubrics', () => {
  it('replaces the competencies with weights and shares; audited with before and after', async () => {
    const { org, caller, job } = await jobWithCandidate()
    await caller.job.setRubric({
      jobId: job.id,
      competencies: [
        { name: 'System design', description: 'Designs for failure', weight: 3 },
        { name: 'PostgreSQL', weight: 1 },
      ],
    })
    const { competencies } = await caller.job.pipeline({ jobId: job.id })
    expect(competencies.map((c) => [c.name, c.weight, c.share])).toEqual([
      ['System design', 3, 0.75],
      ['PostgreSQL', 1, 0.25],
    ])
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'job.rubric_updated' } })
    expect(event.metadata).toMatchObject({ before: [], after: [{ name: 'System design', weight: 3 }, { name: 'PostgreSQL', weight: 1 }] })
  })

  it('refuses duplicates and bad weights with a message, changing nothing', async () => {
    const { caller, job } = await jobWithCandidate()
    await caller.job.setRubric({ jobId: job.id, competencies: [{ name: 'Communication', weight: 2 }] })
    await expectTRPCError(caller.job.setRubric({ jobId: job.id, competencies: [{ name: 'A', weight: 11 }] }), 'BAD_REQUEST')
    await expectTRPCError(caller.job.setRubric({ jobId: job.id, competencies: [{ name: 'A', weight: 0 }] }), 'BAD_REQUEST')
    const dup = await expectTRPCError(
      caller.job.setRubric({ jobId: job.id, competencies: [{ name: 'Go', weight: 1 }, { name: 'go', weight: 2 }] }),
      'UNPROCESSABLE_CONTENT',
    )
    expect(dup.message).toMatch(/appears twice/)
    expect((await caller.job.pipeline({ jobId: job.id })).competencies.map((c) => c.name)).toEqual(['Communication'])
  })
})

describe('decisions', () => {
  it('a person advances, rejects and reopens with reasons; each is recorded and audited', async () => {
    const { org, owner, caller, application } = await jobWithCandidate()
    expect(await caller.application.decide({ applicationId: application.id, kind: 'ADVANCE', reason: 'Strong CV, worth a screening call' })).toMatchObject({
      stage: { name: 'Screening' },
    })
    expect(await caller.application.decide({ applicationId: application.id, kind: 'REJECT', reason: 'Chose another candidate with more depth' })).toMatchObject({
      stage: { name: 'Rejected', kind: 'REJECTED' },
    })
    await expectTRPCError(caller.application.decide({ applicationId: application.id, kind: 'ADVANCE', reason: 'Trying to advance a closed one' }), 'UNPROCESSABLE_CONTENT')
    const interview = await db.prisma.pipelineStage.findFirstOrThrow({ where: { jobId: application.jobId, name: 'Interview' } })
    await caller.application.decide({ applicationId: application.id, kind: 'MOVE', toStageId: interview.id, reason: 'The other candidate declined; reopening' })
    const history = await caller.application.history({ applicationId: application.id })
    expect(history.map((h) => [h.kind, h.from, h.to])).toEqual([
      ['MOVE', 'Rejected', 'Interview'],
      ['REJECT', 'Screening', 'Rejected'],
      ['ADVANCE', 'Applied', 'Screening'],
    ])
    expect(history[0]).toMatchObject({ reason: 'The other candidate declined; reopening', decidedBy: expect.any(String) })
    const events = await db.prisma.auditEvent.findMany({ where: { orgId: org.id, action: 'application.decided' }, orderBy: { seq: 'asc' } })
    expect(events).toHaveLength(3)
    expect(events[1]).toMatchObject({ actorType: 'USER', actorId: owner.id, metadata: { kind: 'REJECT', from: 'Screening', to: 'Rejected' } })
  })

  it('the AI cannot change a candidate’s stage: the system actor, which analyses run as, is refused and nothing moves', async () => {
    const { org, owner, application } = await jobWithCandidate()
    const access = resolveAccess({ orgId: org.id, userId: owner.id, role: await roleOf(db, org.id, 'owner'), overrides: [] })
    const attempt = decideApplication(db, access, systemAuditContext('analysis-worker'), {
      applicationId: application.id,
      kind: 'HIRE',
      reason: 'The analysis scored every competency above 90%',
    })
    const error = await expectAppError(attempt, 'FORBIDDEN')
    expect(error.message).toMatch(/only by a person/)
    const api = { ...systemAuditContext(), actor: { type: 'API' as const, id: 'key_1', email: null } }
    await expectAppError(decideApplication(db, access, api, { applicationId: application.id, kind: 'HIRE', reason: 'Automated rule said so' }), 'FORBIDDEN')
    expect((await db.prisma.application.findUniqueOrThrow({ where: { id: application.id } })).stageId).toBe(application.stageId)
    expect(await db.prisma.applicationDecision.count({ where: { applicationId: application.id } })).toBe(0)
  })

  it('needs decisions.make, a reason, and the application as the person last saw it', async () => {
    const { org, caller, application } = await jobWithCandidate()
    const viewer = await createMember(db, org.id, 'viewer')
    await expectTRPCError((await callerAs(db, viewer.id, org.id)).caller.application.decide({ applicationId: application.id, kind: 'ADVANCE', reason: 'I would like to move this' }), 'FORBIDDEN')
    await expectTRPCError(caller.application.decide({ applicationId: application.id, kind: 'ADVANCE', reason: 'ok' }), 'BAD_REQUEST')
    await expectTRPCError(caller.application.decide({ applicationId: application.id, kind: 'MOVE', reason: 'Moving without a stage' }), 'BAD_REQUEST')
    // Two people decide at once: one wins, the other is told to reload.
    const results = await Promise.allSettled([
      caller.application.decide({ applicationId: application.id, kind: 'ADVANCE', reason: 'First reviewer says advance' }),
      caller.application.decide({ applicationId: application.id, kind: 'REJECT', reason: 'Second reviewer says reject' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await db.prisma.applicationDecision.count({ where: { applicationId: application.id } })).toBe(1)
  })
})
