import type { Prisma } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { applicationWhere, jobWhere } from '../../authz/where'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { parseTranscript, TranscriptFormatError, type TranscriptFormat } from '../../transcripts/formats'
import type { CompetencyResult, LocalAnalysis } from '../../analysis/local-analyzer'
import { screeningIsAnonymised, transcriptForReview } from './screening'
import { assertProcessingAllowed, processingBlock } from '../privacy/processing'

/** An analysis as stored: the local shape, or the LLM's (rationales added), and whether it read an anonymised transcript. */
export type StoredAnalysis = Omit<LocalAnalysis, 'analyzer' | 'competencies'> & {
  analyzer: 'local' | 'llm'
  competencies: (CompetencyResult & { rationale?: string })[]
  anonymised?: boolean
}

/**
 * Interviews of an application, their transcripts and analyses. Everything
 * is reached through the application, so a member sees an interview exactly
 * when they see its job (assigned-only visibility included); anything else is
 * NOT_FOUND. Analyses inform people; they never move a candidate.
 */
const visibleInterview = (access: Access, interviewId: string): Prisma.InterviewWhereInput => ({
  id: interviewId,
  orgId: access.orgId,
  application: applicationWhere(access),
})

/** An interview the member can see (through its job), with its application; NOT_FOUND otherwise. */
export async function findInterview(db: Database, access: Access, interviewId: string) {
  const interview = await db.prisma.interview.findFirst({
    where: visibleInterview(access, interviewId),
    include: { application: { select: { id: true, jobId: true, candidate: { select: { id: true, name: true } }, job: { select: { title: true } } } } },
  })
  if (!interview) throw new AppError('NOT_FOUND', 'Interview not found')
  return interview
}

export async function createInterview(db: Database, access: Access, audit: AuditContext, input: { applicationId: string; title: string }) {
  const application = await db.prisma.application.findFirst({ where: { AND: [{ id: input.applicationId }, applicationWhere(access)] }, select: { id: true } })
  if (!application) throw new AppError('NOT_FOUND', 'Application not found')
  return db.prisma.$transaction(async (tx) => {
    const interview = await tx.interview.create({
      data: { orgId: access.orgId, applicationId: application.id, title: input.title.trim(), createdById: access.userId },
    })
    await tx.interviewParticipant.create({ data: { orgId: access.orgId, interviewId: interview.id, userId: access.userId } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'interview.created',
      targets: [{ type: 'interview', id: interview.id }, { type: 'application', id: application.id }],
    })
    return { id: interview.id }
  })
}

/** The interview with its transcript; `query` keeps only segments containing it (case-insensitive). */
export async function getInterview(db: Database, access: Access, input: { interviewId: string; query?: string }) {
  const interview = await findInterview(db, access, input.interviewId)
  const transcript = await db.prisma.transcript.findUnique({
    where: { interviewId: interview.id },
    include: { segments: { orderBy: { index: 'asc' } } },
  })
  const needle = input.query?.trim().toLowerCase()
  const anonymised = await screeningIsAnonymised(db.prisma, interview.application.jobId)
  const creator = anonymised ? await db.prisma.user.findUnique({ where: { id: interview.createdById }, select: { name: true } }) : null
  const review = transcriptForReview(transcript?.segments ?? [], {
    anonymised,
    names: [interview.application.candidate.name, creator?.name ?? ''].filter(Boolean),
  })
  const segments = review.segments.map((s, index) => ({ index, speaker: s.speaker, startMs: s.startMs, endMs: s.endMs, text: s.text }))
  const candidateId = interview.application.candidate.id
  const [recordingBlocked, analysisBlocked] = await Promise.all([
    processingBlock(db.prisma, candidateId, 'recording'),
    processingBlock(db.prisma, candidateId, 'analysis'),
  ])
  return {
    id: interview.id,
    title: interview.title,
    scheduledAt: interview.scheduledAt,
    endsAt: interview.endsAt,
    meetingUrl: interview.meetingUrl,
    cancelled: interview.meetingBotStatus === 'cancelled',
    anonymised,
    candidate: anonymised ? { id: interview.application.candidate.id, name: anonymousCandidateName(interview.application.candidate.id) } : interview.application.candidate,
    job: { id: interview.application.jobId, title: interview.application.job.title },
    /** Why a recording (or transcript import) or an AI analysis cannot be started now: consent or a restriction. */
    blocked: { recording: recordingBlocked, analysis: analysisBlocked },
    transcript: transcript
      ? {
          source: transcript.source,
          model: transcript.model,
          speakers: [...new Set(segments.map((s) => s.speaker))],
          segmentCount: segments.length,
          segments: needle ? segments.filter((s) => s.text.toLowerCase().includes(needle)) : segments,
        }
      : null,
  }
}

/** Imports a transcript, replacing any earlier one (and its analyses, which no longer match it). */
export async function importTranscript(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { interviewId: string; content: string; format?: TranscriptFormat },
) {
  const interview = await findInterview(db, access, input.interviewId)
  await assertProcessingAllowed(db.prisma, interview.application.candidate.id, 'recording')
  let segments
  try {
    segments = parseTranscript(input.content, input.format)
  } catch (error) {
    if (error instanceof TranscriptFormatError) throw new AppError('UNPROCESSABLE', error.message, { content: error.message })
    throw error
  }
  if (segments.length === 0) throw new AppError('UNPROCESSABLE', 'The transcript has no text.', { content: 'No text found' })
  const source = `import:${input.format ?? 'auto'}`
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.transcript.findUnique({ where: { interviewId: interview.id }, select: { id: true } })
    if (before) {
      await tx.transcript.delete({ where: { id: before.id } })
      await tx.analysis.deleteMany({ where: { interviewId: interview.id } })
    }
    const transcript = await tx.transcript.create({ data: { orgId: access.orgId, interviewId: interview.id, source } })
    await tx.transcriptSegment.createMany({ data: segments.map((s, index) => ({ transcriptId: transcript.id, index, ...s })) })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'transcript.imported',
      targets: [{ type: 'interview', id: interview.id }],
      metadata: { segments: segments.length, speakers: new Set(segments.map((s) => s.speaker)).size, replaced: Boolean(before) },
    })
    return { segments: segments.length }
  })
}

export async function renameSpeaker(db: Database, access: Access, audit: AuditContext, input: { interviewId: string; from: string; to: string }) {
  const interview = await findInterview(db, access, input.interviewId)
  const to = input.to.trim()
  return db.prisma.$transaction(async (tx) => {
    const transcript = await tx.transcript.findUnique({ where: { interviewId: interview.id }, select: { id: true } })
    if (!transcript) throw new AppError('NOT_FOUND', 'This interview has no transcript yet.')
    const { count } = await tx.transcriptSegment.updateMany({ where: { transcriptId: transcript.id, speaker: input.from }, data: { speaker: to } })
    if (count === 0) throw new AppError('NOT_FOUND', `No speaker called “${input.from}” in this transcript.`)
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'transcript.speaker_renamed',
      targets: [{ type: 'interview', id: interview.id }],
      // Speaker labels may be names: the log keeps counts, not labels.
      metadata: { segments: count },
    })
    return { segments: count }
  })
}

/**
 * The newest analysis, for roles whose visibility includes AI scores. Under
 * anonymised screening an analysis made before it was turned on is not shown
 * (its quotes may name the candidate); run it again. The prompt stays on the
 * server: it holds the whole transcript.
 */
export async function latestAnalysis(db: Database, access: Access, interviewId: string) {
  const interview = await findInterview(db, access, interviewId)
  if (!access.visibility.seeAiScores) throw new AppError('FORBIDDEN', 'Your role does not include AI scores.')
  const analysis = await db.prisma.analysis.findFirst({ where: { interviewId: interview.id }, orderBy: { createdAt: 'desc' } })
  if (!analysis) return null
  const { prompt: _prompt, ...result } = analysis.result as unknown as StoredAnalysis & { prompt?: string }
  if ((await screeningIsAnonymised(db.prisma, interview.application.jobId)) && !result.anonymised) return null
  return {
    id: analysis.id,
    createdAt: analysis.createdAt,
    analyzer: analysis.analyzer,
    version: analysis.version,
    model: analysis.model,
    result: result as StoredAnalysis,
  }
}

export async function listInterviewsOfJob(db: Database, access: Access, jobId: string) {
  const job = await db.prisma.job.findFirst({ where: { AND: [{ id: jobId }, jobWhere(access)] }, select: { id: true } })
  if (!job) throw new AppError('NOT_FOUND', 'Job not found')
  return db.prisma.interview.findMany({
    where: { orgId: access.orgId, application: { AND: [{ jobId }, applicationWhere(access)] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, title: true, applicationId: true, createdAt: true },
  })
}

/** How a candidate is referred to under anonymised screening: stable per candidate, meaningless outside the product. */
export const anonymousCandidateName = (candidateId: string) => `Candidate ${candidateId.slice(-6).toUpperCase()}`
