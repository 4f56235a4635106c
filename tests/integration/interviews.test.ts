import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, runQueuedJobs } from '../factories'
import { consentInPerson } from '../factories/recruiting'
import { expectTRPCError } from './expect-error'

/**
 * Interviews, imported transcripts and local analyses through the procedures
 * on the real database: what a member can reach follows the job's visibility,
 * bad transcripts are refused with the line at fault, and every score cites
 * the transcript.
 */
const db = await useTestDatabase()

const vtt = `WEBVTT

00:00:00.000 --> 00:00:05.000
<v Interviewer>How did you scale the billing database?</v>

00:00:05.000 --> 00:00:40.000
<v Sam Candidate>We sharded PostgreSQL by customer and added read replicas. The queue workers scaled horizontally.</v>

00:00:40.000 --> 00:00:44.000
<v Interviewer>Tell me about a disagreement?</v>

00:00:44.000 --> 00:01:10.000
<v Sam Candidate>I disagreed with our lead about the rollout. We agreed on a staged rollout.</v>
`

async function setup() {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id)
  const job = await caller.job.create({ title: 'Platform engineer', description: '', location: '', region: 'EU', currency: 'EUR' })
  await caller.job.setRubric({
    jobId: job.id,
    competencies: [
      { name: 'Database scaling', description: 'PostgreSQL sharding and replicas', weight: 3 },
      { name: 'Conflict resolution', description: 'Handles disagreement', weight: 1 },
      { name: 'Kubernetes', description: 'Helm and operators', weight: 1 },
    ],
  })
  const candidate = await caller.candidate.create({ name: 'Sam Candidate', location: '', jobId: job.id })
  await consentInPerson(caller, candidate.id)
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: candidate.id } })
  const { id: interviewId } = await caller.interview.create({ applicationId: application.id, title: 'Technical interview' })
  return { org, owner, caller, job, application, interviewId }
}

describe('interviews and transcripts', () => {
  it('imports a WebVTT transcript with speakers, searches it and renames a speaker; audited without the labels', async () => {
    const { org, caller, interviewId } = await setup()
    expect(await caller.interview.importTranscript({ interviewId, content: vtt })).toEqual({ segments: 4 })
    const interview = await caller.interview.get({ interviewId })
    expect(interview.transcript?.speakers).toEqual(['Interviewer', 'Sam Candidate'])
    expect(interview.transcript?.segments[1]).toMatchObject({ index: 1, speaker: 'Sam Candidate', startMs: 5000, endMs: 40000 })
    expect((await caller.interview.get({ interviewId, query: 'ROLLOUT' })).transcript?.segments.map((s) => s.index)).toEqual([3])
    await caller.interview.renameSpeaker({ interviewId, from: 'Sam Candidate', to: 'Candidate' })
    expect((await caller.interview.get({ interviewId })).transcript?.speakers).toEqual(['Interviewer', 'Candidate'])
    const events = await db.prisma.auditEvent.findMany({ where: { orgId: org.id, action: { in: ['transcript.imported', 'transcript.speaker_renamed'] } } })
    expect(events).toHaveLength(2)
    expect(JSON.stringify(events.map((e) => e.metadata))).not.toContain('Sam')
  })

  it('refuses a broken transcript with the line at fault and keeps the one it had', async () => {
    const { caller, interviewId } = await setup()
    await caller.interview.importTranscript({ interviewId, content: vtt })
    const error = await expectTRPCError(
      caller.interview.importTranscript({ interviewId, content: 'WEBVTT\n\n00:00:10.000 --> 00:00:05.000\nBackwards\n', format: 'webvtt' }),
      'UNPROCESSABLE_CONTENT',
    )
    expect(error.message).toMatch(/Line \d+/)
    expect((await caller.interview.get({ interviewId })).transcript?.segmentCount).toBe(4)
  })

  it('analyses against the job’s rubric with evidence quoted from the transcript, stored with the analyzer version', async () => {
    const { caller, interviewId } = await setup()
    await expectTRPCError(caller.interview.runAnalysis({ interviewId }), 'UNPROCESSABLE_CONTENT') // no transcript yet
    await caller.interview.importTranscript({ interviewId, content: vtt })
    await caller.interview.runAnalysis({ interviewId })
    expect((await caller.interview.progress({ interviewId })).analysis).toMatchObject({ status: 'QUEUED', progress: 0 })
    await expectTRPCError(caller.interview.runAnalysis({ interviewId }), 'CONFLICT') // one at a time
    expect(await runQueuedJobs(db)).toEqual([{ kind: 'analyze-interview', outcome: 'succeeded' }])
    expect((await caller.interview.progress({ interviewId })).analysis).toMatchObject({ status: 'SUCCEEDED', progress: 100 })
    const { result } = (await caller.interview.latestAnalysis({ interviewId }))!
    expect(result).toMatchObject({ analyzer: 'local', version: 'local-1', candidateSpeaker: 'Sam Candidate', unanswered: ['Kubernetes'] })
    const segments = (await caller.interview.get({ interviewId })).transcript!.segments
    const scaling = result.competencies.find((c) => c.name === 'Database scaling')!
    expect(scaling.score).toBeGreaterThanOrEqual(2)
    for (const c of result.competencies) for (const e of c.evidence) expect(segments[e.segment]!.text).toContain(e.quote)
  })

  it('an analysis never moves the candidate', async () => {
    const { caller, interviewId, application } = await setup()
    await caller.interview.importTranscript({ interviewId, content: vtt })
    await caller.interview.runAnalysis({ interviewId })
    expect(await runQueuedJobs(db)).toEqual([{ kind: 'analyze-interview', outcome: 'succeeded' }])
    expect(await caller.interview.latestAnalysis({ interviewId })).not.toBeNull()
    expect((await db.prisma.application.findUniqueOrThrow({ where: { id: application.id } })).stageId).toBe(application.stageId)
    expect(await db.prisma.applicationDecision.count({ where: { applicationId: application.id } })).toBe(0)
  })

  it('people in the interview: added only if they can see the job, emailed when the analysis is ready, audited', async () => {
    const { org, owner, caller, job, interviewId } = await setup()
    expect((await caller.interview.participants({ interviewId })).map((p) => p.userId)).toEqual([owner.id])
    const interviewer = await createMember(db, org.id, 'interviewer')
    const refused = await expectTRPCError(caller.interview.setParticipant({ interviewId, userId: interviewer.id, present: true }), 'UNPROCESSABLE_CONTENT')
    expect(refused.message).toMatch(/assign them to it first/)
    await caller.job.setAssignment({ jobId: job.id, userId: interviewer.id, assigned: true })
    expect(await caller.interview.setParticipant({ interviewId, userId: interviewer.id, present: true })).toEqual({ changed: true })
    expect(await caller.interview.setParticipant({ interviewId, userId: interviewer.id, present: true })).toEqual({ changed: false })
    const stranger = await createOrgWithOwner(db)
    await expectTRPCError(caller.interview.setParticipant({ interviewId, userId: stranger.owner.id, present: true }), 'NOT_FOUND')

    await caller.interview.importTranscript({ interviewId, content: vtt })
    await caller.interview.runAnalysis({ interviewId })
    await runQueuedJobs(db)
    const mails = await db.prisma.outboxEmail.findMany({ where: { orgId: org.id, template: 'analysisReady' } })
    expect(mails.map((m) => m.to).sort()).toEqual([owner.email, interviewer.email].sort())
    await caller.interview.setParticipant({ interviewId, userId: interviewer.id, present: false })
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id, action: { in: ['interview.participant_added', 'interview.participant_removed'] } } })).toBe(2)
  })

  it('follows the job’s visibility: an interviewer not assigned to the job gets NOT_FOUND', async () => {
    const { org, interviewId } = await setup()
    const interviewer = await createMember(db, org.id, 'interviewer')
    const { caller } = await callerAs(db, interviewer.id, org.id)
    await expectTRPCError(caller.interview.get({ interviewId }), 'NOT_FOUND')
  })

  it('interviewers submit and revise their own scorecard; only members with scorecards.read see everyone’s', async () => {
    const { org, caller, job, interviewId } = await setup()
    const [scaling, conflict] = (await caller.job.pipeline({ jobId: job.id })).competencies
    const first = await caller.interview.submitScorecard({
      interviewId,
      ratings: [
        { competencyId: scaling!.id, rating: 4, note: 'Sharding story was concrete' },
        { competencyId: conflict!.id, rating: 3 },
      ],
      recommendation: 'YES',
      summary: 'Hire for the platform team.',
    })
    expect(first.revised).toBe(false)
    expect((await caller.interview.submitScorecard({ interviewId, ratings: [{ competencyId: scaling!.id, rating: 3 }], recommendation: 'YES', summary: '' })).revised).toBe(true)

    // An interviewer assigned to the job writes theirs and sees only their own.
    const interviewer = await createMember(db, org.id, 'interviewer')
    const membership = await db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: interviewer.id } } })
    await caller.job.setAssignment({ jobId: job.id, userId: interviewer.id, assigned: true })
    expect(membership).toBeTruthy()
    const own = (await callerAs(db, interviewer.id, org.id)).caller
    await own.interview.submitScorecard({ interviewId, ratings: [{ competencyId: conflict!.id, rating: 2 }], recommendation: 'NO', summary: 'Vague on trade-offs.' })
    expect((await own.interview.scorecards({ interviewId })).map((s) => [s.recommendation, s.mine])).toEqual([['NO', true]])
    expect((await caller.interview.scorecards({ interviewId })).map((s) => s.recommendation).sort()).toEqual(['NO', 'YES'])

    await expectTRPCError(
      caller.interview.submitScorecard({ interviewId, ratings: [{ competencyId: 'not-in-rubric', rating: 2 }], recommendation: 'YES', summary: '' }),
      'UNPROCESSABLE_CONTENT',
    )
    await expectTRPCError(caller.interview.submitScorecard({ interviewId, ratings: [{ competencyId: scaling!.id, rating: 5 }], recommendation: 'YES', summary: '' }), 'BAD_REQUEST')
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id, action: 'scorecard.submitted' } })).toBe(3)
  })
})
