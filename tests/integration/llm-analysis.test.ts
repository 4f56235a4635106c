import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createOrgWithOwner, runQueuedJobs, testEnv } from '../factories'
import { consentInPerson } from '../factories/recruiting'
import { parseEnv } from '../../server/env'
import { chatReplies, startOpenAiChat, type OpenAiChatServer } from '../support/openai-chat'

/**
 * The LLM analyzer through the background job, with the real `openai` SDK
 * against a local server: prompt and model stored, fabricated quotes
 * rejected, and under anonymised screening neither the model nor the
 * reviewers see the candidate's name.
 */
const db = await useTestDatabase()
let chat: OpenAiChatServer
let env: typeof testEnv
beforeAll(async () => {
  chat = await startOpenAiChat()
  env = parseEnv({
    NODE_ENV: 'test',
    APP_URL: testEnv.APP_URL,
    LOG_LEVEL: 'silent',
    STORAGE_DIR: testEnv.STORAGE_DIR,
    LLM_API_KEY: 'sk-test-llm',
    LLM_BASE_URL: chat.openAiBaseURL,
    LLM_MODEL: 'gpt-4o-2024-08-06',
    PROVIDER_TIMEOUT_MS: '5000',
  })
})
afterAll(() => chat.close())
beforeEach(() => db.prisma.backgroundJob.deleteMany({}))

const transcript = [
  'Interviewer: How did you scale the billing database, Ada?',
  'Ada Lovelace: We sharded PostgreSQL by customer and added read replicas. She asked me to email ada@example.com later.',
  'Interviewer: Tell me about a disagreement?',
  'Ada Lovelace: I disagreed with our lead about the rollout. We agreed on a staged rollout.',
].join('\n')

async function setup() {
  const { org, owner } = await createOrgWithOwner(db)
  const { caller } = await callerAs(db, owner.id, org.id)
  const job = await caller.job.create({ title: 'Platform engineer', description: 'Runs our databases', location: '', region: 'EU', currency: 'EUR' })
  await caller.job.setRubric({
    jobId: job.id,
    competencies: [
      { name: 'Database scaling', description: 'sharding and replicas', weight: 2 },
      { name: 'Conflict resolution', description: 'handles disagreement', weight: 1 },
    ],
  })
  const candidate = await caller.candidate.create({ name: 'Ada Lovelace', location: '', jobId: job.id })
  await consentInPerson(caller, candidate.id)
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: candidate.id } })
  const { id: interviewId } = await caller.interview.create({ applicationId: application.id, title: 'Technical interview' })
  await caller.interview.importTranscript({ interviewId, content: transcript, format: 'text' })
  const [scaling, conflict] = (await caller.job.pipeline({ jobId: job.id })).competencies
  return { caller, job, interviewId, scaling: scaling!, conflict: conflict! }
}

describe('LLM analysis', () => {
  it('stores the model and the exact prompt; a score whose quote is not in the transcript is rejected, not shown', async () => {
    const { caller, interviewId, scaling, conflict } = await setup()
    chat.respond(
      chatReplies.json(
        {
          competencies: [
            { competencyId: scaling.id, score: 3, rationale: 'Concrete sharding story.', evidence: [{ segment: 1, quote: 'We sharded PostgreSQL by customer' }] },
            { competencyId: conflict.id, score: 4, rationale: 'Invented.', evidence: [{ segment: 3, quote: 'I always resolve every conflict perfectly' }] },
          ],
        },
        'gpt-4o-2024-08-06',
      ),
    )
    await caller.interview.runAnalysis({ interviewId })
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'analyze-interview', outcome: 'succeeded' }])
    const stored = await db.prisma.analysis.findFirstOrThrow({ where: { interviewId } })
    expect(stored).toMatchObject({ analyzer: 'llm', version: 'llm-1', model: 'gpt-4o-2024-08-06' })
    expect(stored.prompt).toContain('We sharded PostgreSQL by customer and added read replicas.')
    const analysis = (await caller.interview.latestAnalysis({ interviewId }))!
    expect(JSON.stringify(analysis)).not.toContain('[system]') // the prompt stays on the server
    const [scalingResult, conflictResult] = analysis.result.competencies
    expect(scalingResult).toMatchObject({ score: 3, evidence: [{ segment: 1, startMs: expect.any(Number) }] })
    expect(conflictResult!.score).toBeNull()
    expect(conflictResult!.rejected).toMatch(/not in segment 3/)
    // Whatever the model says, it has no way to move the candidate.
    const application = await db.prisma.application.findFirstOrThrow({ where: { interviews: { some: { id: interviewId } } }, include: { stage: true } })
    expect(application.stage?.name).toBe('Applied')
    expect(await db.prisma.applicationDecision.count({ where: { applicationId: application.id } })).toBe(0)
    const sent = chat.requests.at(-1)!
    expect(sent.body.temperature).toBe(0)
    expect(sent.body.response_format).toMatchObject({ type: 'json_schema' })
  })

  it('retries a rate-limited provider and fails an unusable answer for good', async () => {
    const { caller, interviewId } = await setup()
    chat.respond(chatReplies.rateLimited())
    await caller.interview.runAnalysis({ interviewId })
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'analyze-interview', outcome: 'retry' }])
    chat.respond(chatReplies.malformed())
    await db.prisma.backgroundJob.updateMany({ where: { status: 'QUEUED' }, data: { runAt: new Date() } })
    expect(await runQueuedJobs(db, env)).toEqual([{ kind: 'analyze-interview', outcome: 'failed' }])
    expect((await caller.interview.progress({ interviewId })).analysis).toMatchObject({ status: 'FAILED', error: 'The language model returned an unusable analysis' })
    expect(await caller.interview.latestAnalysis({ interviewId })).toBeNull()
  })

  it('under anonymised screening the model and reviewers see no name, email or gendered words; quotes still check out', async () => {
    const { caller, job, interviewId, scaling } = await setup()
    // An analysis from before screening was turned on is not shown after (its quotes may name the candidate).
    chat.respond(chatReplies.json({ competencies: [] }))
    await caller.interview.runAnalysis({ interviewId })
    await runQueuedJobs(db, env)
    expect(await caller.interview.latestAnalysis({ interviewId })).not.toBeNull()
    await caller.job.setScreening({ jobId: job.id, anonymised: true })
    expect(await caller.interview.latestAnalysis({ interviewId })).toBeNull()
    const shown = await caller.interview.get({ interviewId })
    expect(shown.anonymised).toBe(true)
    expect(shown.candidate.name).toMatch(/^Candidate [A-Z0-9]{6}$/)
    const text = JSON.stringify(shown.transcript)
    expect(text).not.toMatch(/Ada|Lovelace|ada@example\.com|\bShe\b/)
    expect(shown.transcript!.speakers.sort()).toEqual(['Candidate', 'Interviewer 1'])

    const quote = shown.transcript!.segments[1]!.text.split('.')[0]!
    chat.respond(chatReplies.json({ competencies: [{ competencyId: scaling.id, score: 3, rationale: 'ok', evidence: [{ segment: 1, quote }] }] }))
    await caller.interview.runAnalysis({ interviewId })
    await runQueuedJobs(db, env)
    const prompt = JSON.stringify(chat.requests.at(-1)!.body.messages)
    expect(prompt).not.toMatch(/Ada|Lovelace|ada@example\.com/)
    const analysis = (await caller.interview.latestAnalysis({ interviewId }))!
    expect(analysis.result.anonymised).toBe(true)
    expect(analysis.result.competencies[0]!.score).toBe(3)
  })
})
