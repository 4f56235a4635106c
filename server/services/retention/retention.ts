import type { Prisma, RetentionRule } from '@prisma/client'
import type { Database } from '../../db'
import type { BlobStore } from '../../storage'
import { anonymiseTranscript } from '../../analysis/anonymise'
import { eraseCandidateRows, eraseFiles } from '../privacy/erasure'
import { interviewClosedBefore } from '../video-interviews/draft-expiry'

/**
 * Applying retention rules. Each rule selects data of one kind older than
 * its age (recordings, transcripts and analyses by creation; candidates by
 * their last change), within its scope (the job's data region, one job, the
 * candidate's standing: active, hired or rejected; the candidate's country of
 * residence, e.g. TR for the periods KVKK asks of candidates in Türkiye), and deletes or
 * anonymises it. Work is done in small transactions, so a run that stops
 * half-way is simply continued by the next one; files are deleted after
 * their rows. Recordings include the submitted answers of video interviews;
 * draft attempts are the takes a candidate did not submit, counted from when
 * their interview closed (server/services/video-interviews/draft-expiry.ts).
 */
export const retentionBatchSize = 100
const day = 86_400_000

function applicationScope(rule: RetentionRule): Prisma.ApplicationWhereInput {
  return {
    orgId: rule.orgId,
    ...(rule.jobId ? { jobId: rule.jobId } : {}),
    ...(rule.region ? { job: { region: rule.region } } : {}),
    ...(rule.candidateStatus !== 'ANY' ? { stage: { kind: rule.candidateStatus } } : {}),
    ...(rule.candidateCountry ? { candidate: { country: rule.candidateCountry } } : {}),
  }
}
const scoped = (rule: RetentionRule) => Boolean(rule.jobId || rule.region || rule.candidateCountry || rule.candidateStatus !== 'ANY')
const cutoffOf = (rule: RetentionRule, now: Date) => new Date(now.getTime() - rule.afterDays * day)

/** The rows a rule applies to now (ids only), at most `limit`. */
async function matching(db: Database, rule: RetentionRule, now: Date, limit: number): Promise<string[]> {
  const before = cutoffOf(rule, now)
  const interview = { orgId: rule.orgId, application: applicationScope(rule) }
  const pending = rule.action === 'ANONYMISE' ? { anonymisedAt: null } : {}
  const select = { id: true } as const
  switch (rule.dataKind) {
    case 'RECORDINGS': {
      // Uploaded recordings, and the submitted answers of video interviews.
      const recordings = await db.prisma.recording.findMany({ where: { orgId: rule.orgId, createdAt: { lt: before }, interview }, select, take: limit })
      const answers = await db.prisma.videoAnswerTake.findMany({
        where: { orgId: rule.orgId, status: 'SUBMITTED', createdAt: { lt: before }, videoInterview: { interview } },
        select,
        take: Math.max(0, limit - recordings.length),
      })
      return [...recordings.map((r) => `recording:${r.id}`), ...answers.map((a) => `video-answer:${a.id}`)]
    }
    case 'DRAFT_ATTEMPTS': {
      const where = { status: 'DRAFT' as const, orgId: rule.orgId, videoInterview: { AND: [interviewClosedBefore(before), { interview }] } }
      return (await db.prisma.videoAnswerTake.findMany({ where, select, take: limit })).map((t) => `video-answer:${t.id}`)
    }
    case 'TRANSCRIPTS':
      return (await db.prisma.transcript.findMany({ where: { orgId: rule.orgId, createdAt: { lt: before }, interview, ...pending }, select, take: limit })).map((r) => r.id)
    case 'ANALYSES':
      return (await db.prisma.analysis.findMany({ where: { orgId: rule.orgId, createdAt: { lt: before }, interview, ...pending }, select, take: limit })).map((r) => r.id)
    case 'CANDIDATE_PROFILES':
      return (
        await db.prisma.candidate.findMany({
          where: { orgId: rule.orgId, updatedAt: { lt: before }, ...pending, ...(scoped(rule) ? { applications: { some: applicationScope(rule) } } : {}) },
          select,
          take: limit,
        })
      ).map((r) => r.id)
  }
}

/** How many items each rule would touch now: the dry run. */
export async function previewRules(db: Database, rules: RetentionRule[], now = new Date()) {
  const results = []
  for (const rule of rules) results.push({ ruleId: rule.id, dataKind: rule.dataKind, action: rule.action, items: (await matching(db, rule, now, 100_000)).length })
  return results
}

/** Applies the rules; returns what each removed. */
export async function applyRules(db: Database, blobs: BlobStore, rules: RetentionRule[], now = new Date()) {
  const results = []
  for (const rule of rules) {
    let items = 0
    const seen = new Set<string>()
    while (true) {
      const ids = (await matching(db, rule, now, retentionBatchSize)).filter((id) => !seen.has(id))
      if (ids.length === 0) break
      ids.forEach((id) => seen.add(id))
      const files: string[] = []
      await db.prisma.$transaction(async (tx) => {
        for (const id of ids) files.push(...(await applyOne(tx, rule, id)))
      })
      await eraseFiles(blobs, files)
      items += ids.length
    }
    results.push({ ruleId: rule.id, dataKind: rule.dataKind, action: rule.action, items })
  }
  return results
}

/** One item; returns the storage keys to delete once committed. */
async function applyOne(tx: Prisma.TransactionClient, rule: RetentionRule, id: string): Promise<string[]> {
  switch (rule.dataKind) {
    case 'RECORDINGS':
    case 'DRAFT_ATTEMPTS': {
      if (id.startsWith('video-answer:')) return [(await tx.videoAnswerTake.delete({ where: { id: id.slice('video-answer:'.length) } })).storageKey]
      const recordingId = id.slice('recording:'.length)
      const recording = await tx.recording.delete({ where: { id: recordingId } })
      await tx.backgroundJob.deleteMany({ where: { key: `transcribe:${recordingId}` } })
      return [recording.storageKey]
    }
    case 'TRANSCRIPTS': {
      const transcript = await tx.transcript.findUniqueOrThrow({
        where: { id },
        include: { segments: { orderBy: { index: 'asc' } }, interview: { include: { application: { include: { candidate: true } } } } },
      })
      if (rule.action === 'DELETE') {
        await tx.transcript.delete({ where: { id } })
        // Analyses quote the transcript: they go with it.
        await tx.analysis.deleteMany({ where: { interviewId: transcript.interviewId } })
        return []
      }
      await anonymiseTranscriptRows(tx, transcript.id, transcript.segments, [transcript.interview.application.candidate.name])
      await stripAnalyses(tx, { interviewId: transcript.interviewId })
      return []
    }
    case 'ANALYSES':
      if (rule.action === 'DELETE') await tx.analysis.delete({ where: { id } })
      else await stripAnalyses(tx, { id })
      return []
    case 'CANDIDATE_PROFILES': {
      if (rule.action === 'DELETE') return (await eraseCandidateRows(tx, rule.orgId, id)).storageKeys
      return anonymiseCandidate(tx, rule.orgId, id)
    }
  }
}

async function anonymiseTranscriptRows(
  tx: Prisma.TransactionClient,
  transcriptId: string,
  segments: { id: string; speaker: string; startMs: number; endMs: number; text: string }[],
  names: string[],
) {
  const anonymised = anonymiseTranscript(segments, { names })
  for (const [i, segment] of segments.entries()) {
    await tx.transcriptSegment.update({ where: { id: segment.id }, data: { speaker: anonymised.segments[i]!.speaker, text: anonymised.segments[i]!.text } })
  }
  await tx.transcript.update({ where: { id: transcriptId }, data: { anonymisedAt: new Date() } })
}

/** Keeps an analysis's scores and drops what quotes people: evidence, rationales, the prompt. */
async function stripAnalyses(tx: Prisma.TransactionClient, where: Prisma.AnalysisWhereInput) {
  const analyses = await tx.analysis.findMany({ where: { ...where, anonymisedAt: null } })
  for (const analysis of analyses) {
    const { prompt: _prompt, ...result } = analysis.result as Record<string, unknown> & { competencies?: Record<string, unknown>[] }
    const competencies = (result.competencies ?? []).map(({ rationale: _rationale, ...c }) => ({ ...c, evidence: [], evidenceRemoved: true }))
    await tx.analysis.update({
      where: { id: analysis.id },
      data: { prompt: null, anonymisedAt: new Date(), result: { ...result, competencies } as Prisma.InputJsonValue },
    })
  }
}

/**
 * A candidate kept for statistics only: no name, contact details or pay, no
 * CVs or recordings (files deleted), transcripts anonymised, analyses without
 * quotes, scorecards and decisions without free text. Stages, decisions'
 * kinds and scores stay.
 */
async function anonymiseCandidate(tx: Prisma.TransactionClient, orgId: string, candidateId: string) {
  const candidate = await tx.candidate.findFirstOrThrow({
    where: { id: candidateId, orgId },
    include: {
      documents: true,
      applications: {
        include: {
          interviews: {
            include: {
              recording: true,
              transcript: { include: { segments: { orderBy: { index: 'asc' } } } },
              videoInterview: { include: { takes: { select: { id: true, storageKey: true } } } },
            },
          },
        },
      },
    },
  })
  const files = candidate.documents.map((d) => d.storageKey)
  await tx.candidateDocument.deleteMany({ where: { candidateId } })
  await tx.backgroundJob.deleteMany({ where: { key: { in: candidate.documents.map((d) => `parse-cv:${d.id}`) } } })
  for (const application of candidate.applications) {
    await tx.applicationDecision.updateMany({ where: { applicationId: application.id }, data: { reason: '(removed by the retention policy)' } })
    for (const interview of application.interviews) {
      if (interview.recording) {
        files.push(interview.recording.storageKey)
        await tx.recording.delete({ where: { id: interview.recording.id } })
      }
      const takes = interview.videoInterview?.takes ?? []
      files.push(...takes.map((t) => t.storageKey))
      await tx.videoAnswerTake.deleteMany({ where: { id: { in: takes.map((t) => t.id) } } })
      if (interview.transcript && !interview.transcript.anonymisedAt) {
        await anonymiseTranscriptRows(tx, interview.transcript.id, interview.transcript.segments, [candidate.name])
      }
      await stripAnalyses(tx, { interviewId: interview.id })
      await tx.scorecard.updateMany({ where: { interviewId: interview.id }, data: { summary: '' } })
      const scorecards = await tx.scorecard.findMany({ where: { interviewId: interview.id } })
      for (const scorecard of scorecards) {
        const ratings = (scorecard.ratings as { competencyId: string; rating: number; note?: string }[]).map(({ note: _note, ...r }) => r)
        await tx.scorecard.update({ where: { id: scorecard.id }, data: { ratings } })
      }
    }
  }
  await tx.candidate.update({
    where: { id: candidateId },
    data: { name: 'Anonymised candidate', email: null, phone: null, location: '', expectedCompensation: null, anonymisedAt: new Date() },
  })
  return files
}
