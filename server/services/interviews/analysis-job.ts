import crypto from 'node:crypto'
import type { Prisma } from '@prisma/client'
import { z } from 'zod'
import type { Env } from '../../env'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import { AppError } from '../../errors'
import { resolveAccess, type Access } from '../../authz/access'
import { appendAuditEvent, systemAuditContext, type AuditContext } from '../../audit/append'
import { announceJobs, enqueueJob, JobError } from '../../jobs/queue'
import type { JobHandler } from '../../jobs/worker'
import { analyzeLocally } from '../../analysis/local-analyzer'
import { AnalysisError, analyzeWithLlm, createLlmClient } from '../../analysis/llm-analyzer'
import { enqueueEmail } from '../mail/outbox'
import { auditFinalFailure } from './job-failures'
import { findInterview } from './interviews'
import { screeningIsAnonymised, transcriptForReview } from './screening'
import { assertProcessingAllowed, processingBlock } from '../privacy/processing'

/**
 * Analyses run as background jobs: the local analyzer by default, the LLM
 * analyzer when LLM_API_KEY is set. With anonymised screening on (for the
 * organization or the job) the analyzer reads the anonymised transcript,
 * which is also what reviewers see, so quotes match what is shown. The result
 * is stored with analyzer, version, and for the LLM its prompt and model; the
 * requester gets an email (without names or scores) when it is ready.
 */
export const analysisJobKind = 'analyze-interview'
export const analysisJobKeyPrefix = (interviewId: string) => `analyze:${interviewId}:`

const payloadSchema = z.object({
  interviewId: z.string().min(1),
  requestedById: z.string().min(1),
  candidateSpeaker: z.string().optional(),
})

/** Queues an analysis in the caller's transaction; null when the job has no rubric to score against. */
export async function queueAnalysis(
  tx: DbClient,
  input: { interviewId: string; orgId: string; requestedById: string; candidateSpeaker?: string },
) {
  const interview = await tx.interview.findUniqueOrThrow({ where: { id: input.interviewId }, select: { application: { select: { jobId: true, candidateId: true } } } })
  if (await processingBlock(tx, interview.application.candidateId, 'analysis')) return null
  const rubric = await tx.rubricCompetency.count({ where: { jobId: interview.application.jobId } })
  if (rubric === 0) return null
  return enqueueJob(tx, {
    kind: analysisJobKind,
    key: `${analysisJobKeyPrefix(input.interviewId)}${crypto.randomUUID()}`,
    orgId: input.orgId,
    payload: { interviewId: input.interviewId, requestedById: input.requestedById, candidateSpeaker: input.candidateSpeaker },
    maxAttempts: 4,
  })
}

/** Whether the member, as their role and overrides stand now, may start analyses (an active membership with analyses.run). */
export async function mayStartAnalyses(tx: DbClient, orgId: string, userId: string) {
  const membership = await tx.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, include: { role: true, overrides: true } })
  if (!membership || membership.status !== 'ACTIVE') return false
  return resolveAccess({ orgId, userId, role: membership.role, overrides: membership.overrides }).permissions.has('analyses.run')
}

/** A person asks for an analysis: checked now (transcript, rubric, speaker), run in the background. */
export async function requestAnalysis(db: Database, access: Access, audit: AuditContext, input: { interviewId: string; candidateSpeaker?: string }) {
  const interview = await findInterview(db, access, input.interviewId)
  await assertProcessingAllowed(db.prisma, interview.application.candidate.id, 'analysis')
  const transcript = await db.prisma.transcript.findUnique({ where: { interviewId: interview.id }, select: { id: true } })
  const speakers = transcript
    ? await db.prisma.transcriptSegment.findMany({ where: { transcriptId: transcript.id }, distinct: ['speaker'], select: { speaker: true } })
    : []
  if (speakers.length === 0) throw new AppError('UNPROCESSABLE', 'Import or transcribe the interview before analysing it.')
  if (input.candidateSpeaker && !speakers.some((s) => s.speaker === input.candidateSpeaker)) {
    throw new AppError('BAD_REQUEST', 'That speaker is not in the transcript.', { candidateSpeaker: 'Not in the transcript' })
  }
  const underWay = await db.prisma.backgroundJob.count({
    where: { kind: analysisJobKind, key: { startsWith: analysisJobKeyPrefix(interview.id) }, status: { in: ['QUEUED', 'RUNNING'] } },
  })
  if (underWay) throw new AppError('CONFLICT', 'An analysis of this interview is already under way.')
  const job = await db.prisma.$transaction(async (tx) => {
    const queued = await queueAnalysis(tx, { interviewId: interview.id, orgId: access.orgId, requestedById: access.userId, candidateSpeaker: input.candidateSpeaker })
    if (!queued) throw new AppError('UNPROCESSABLE', 'The job has no rubric yet: add competencies to score against.')
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'analysis.requested', targets: [{ type: 'interview', id: interview.id }] })
    return queued
  })
  announceJobs()
  return { jobId: job.id }
}

export function analyzeInterviewHandler(deps: { env: Env }): JobHandler {
  const { env } = deps
  return async ({ job, db, signal, progress, commit }) => {
    const payload = payloadSchema.parse(job.payload)
    const interview = await db.prisma.interview.findUnique({
      where: { id: payload.interviewId },
      include: { application: { include: { candidate: true, job: true } }, transcript: { include: { segments: { orderBy: { index: 'asc' } } } } },
    })
    if (!interview?.transcript) return // deleted or replaced meanwhile: nothing to analyse
    const targets = [{ type: 'interview', id: interview.id }]
    try {
      const blocked = await processingBlock(db.prisma, interview.application.candidateId, 'analysis')
      if (blocked) throw new JobError(blocked, false)
      const { job: position, candidate } = interview.application
      const competencies = await db.prisma.rubricCompetency.findMany({ where: { jobId: position.id }, orderBy: { position: 'asc' } })
      if (competencies.length === 0) throw new JobError('The job has no rubric to score against.', false)
      const anonymised = await screeningIsAnonymised(db.prisma, position.id)
      const creator = await db.prisma.user.findUnique({ where: { id: interview.createdById }, select: { name: true } })
      const review = transcriptForReview(interview.transcript.segments, {
        anonymised,
        names: [candidate.name, creator?.name ?? ''].filter(Boolean),
        candidateSpeaker: payload.candidateSpeaker,
      })
      await progress(10, anonymised ? 'Analysing the anonymised transcript' : 'Analysing the transcript')
      const rubric = competencies.map((c) => ({ id: c.id, name: c.name, description: c.description, weight: c.weight }))
      const result = env.LLM_API_KEY
        ? await analyzeWithLlm({
            client: createLlmClient({ apiKey: env.LLM_API_KEY, baseURL: env.LLM_BASE_URL, timeoutMs: env.PROVIDER_TIMEOUT_MS, appUrl: env.appUrl }),
            model: env.LLM_MODEL,
            segments: review.segments,
            competencies: rubric,
            jobTitle: position.title,
            jobDescription: position.description,
            candidateSpeaker: review.candidateSpeaker ?? undefined,
            signal,
          })
        : analyzeLocally({ segments: review.segments, competencies: rubric, candidateSpeaker: review.candidateSpeaker ?? undefined })
      await progress(90, 'Saving')
      await commit(async (tx) => {
        const current = await tx.transcript.findUnique({ where: { interviewId: interview.id }, select: { id: true } })
        if (current?.id !== interview.transcript!.id) return // the transcript was replaced: this analysis no longer applies
        const analysis = await tx.analysis.create({
          data: {
            orgId: interview.orgId,
            interviewId: interview.id,
            analyzer: result.analyzer,
            version: result.version,
            model: result.analyzer === 'llm' ? result.model : null,
            prompt: result.analyzer === 'llm' ? result.prompt : null,
            result: { ...result, anonymised } as unknown as Prisma.InputJsonValue,
            createdById: payload.requestedById,
          },
        })
        await appendAuditEvent(tx, systemAuditContext(`job:${job.id}`), {
          orgId: interview.orgId,
          action: 'analysis.completed',
          targets: [...targets, { type: 'analysis', id: analysis.id }],
          metadata: { analyzer: result.analyzer, version: result.version, overall: result.overall, anonymised, requestedBy: payload.requestedById },
        })
        // The requester and the interview's participants; never the candidate, and no names or scores in the email.
        const participants = await tx.interviewParticipant.findMany({ where: { interviewId: interview.id }, select: { userId: true } })
        const recipients = await tx.user.findMany({
          where: {
            id: { in: [payload.requestedById, ...participants.map((p) => p.userId)] },
            // Still active, and still able to see the job.
            memberships: {
              some: {
                orgId: interview.orgId,
                status: 'ACTIVE',
                OR: [{ role: { jobVisibility: 'ALL' } }, { user: { jobAssignments: { some: { jobId: position.id } } } }],
              },
            },
          },
          select: { email: true },
        })
        for (const recipient of recipients) {
          await enqueueEmail(tx, {
            to: recipient.email,
            orgId: interview.orgId,
            template: 'analysisReady',
            data: {
              interviewTitle: interview.title,
              jobTitle: position.title,
              interviewUrl: `${env.appUrl}/app/interviews/${interview.id}`,
              analyzer: result.analyzer === 'llm' ? 'AI' : 'local',
            },
          })
        }
      })
    } catch (error) {
      const jobError = error instanceof AnalysisError ? new JobError(error.message, error.retryable) : error
      if (!signal.aborted) await auditFinalFailure(db, job, jobError, 'analysis.failed', targets)
      throw jobError
    }
  }
}
