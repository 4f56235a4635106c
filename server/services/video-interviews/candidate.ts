import crypto from 'node:crypto'
import type { ConsentPurpose } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import { AppError } from '../../errors'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { hashToken } from '../../auth/tokens'
import type { BlobStore } from '../../storage'
import { receiveUpload } from '../../storage/ingest'
import { announceJobs, enqueueJob } from '../../jobs/queue'
import { answerAsCandidate, noticeForCandidate } from '../consent/consent'
import type { NoticeLanguage } from '../consent/notices'
import { processingBlock } from '../privacy/processing'
import { videoTranscriptionJobKey, videoTranscriptionJobKind } from './job-keys'
import { extensionOf } from './invitations'

/**
 * The candidate's side of a one-way video interview, authenticated by the
 * link's token (only its SHA-256 is stored). In order: the consent notice
 * (nothing is recorded before the candidate agreed to recording), one or
 * more takes per question (each stored as a draft), then submission, which
 * picks one take per question and queues transcription and analysis. After
 * submission, cancellation or expiry the link shows only that state: no
 * answer can be added or replayed through it.
 */
const candidateAudit: AuditContext = { actor: { type: 'CANDIDATE', id: null, email: null }, ip: '', userAgent: '', requestId: '' }

export type VideoLinkState = 'open' | 'submitted' | 'cancelled' | 'expired'

async function videoByToken(db: DbClient, token: string) {
  const video = await db.videoInterview.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      questions: { orderBy: { position: 'asc' } },
      interview: {
        select: {
          id: true,
          title: true,
          application: {
            select: {
              job: { select: { title: true } },
              candidate: { select: { id: true, orgId: true, country: true, org: { select: { name: true, region: true } } } },
            },
          },
        },
      },
    },
  })
  if (!video) throw new AppError('NOT_FOUND', 'This video interview link is not valid. Ask the organization for a new one.')
  return video
}

const stateOf = (video: { status: string; expiresAt: Date }, now: Date): VideoLinkState =>
  video.status === 'SUBMITTED' ? 'submitted' : video.status === 'CANCELLED' ? 'cancelled' : video.expiresAt <= now ? 'expired' : 'open'

const closedMessage: Record<Exclude<VideoLinkState, 'open'>, string> = {
  submitted: 'Your answers are already submitted.',
  cancelled: 'This video interview was cancelled by the organization.',
  expired: 'This video interview link has expired. Ask the organization for a new one.',
}

async function openVideo(db: DbClient, token: string, now: Date) {
  const video = await videoByToken(db, token)
  const state = stateOf(video, now)
  if (state !== 'open') throw new AppError('CONFLICT', closedMessage[state])
  return video
}

/** What the candidate's page shows: the notice until they agreed to recording, then the questions with their takes. */
export async function candidateVideoPage(db: Database, input: { token: string; language?: NoticeLanguage }, now = new Date()) {
  const video = await videoByToken(db.prisma, input.token)
  const candidate = video.interview.application.candidate
  const state = stateOf(video, now)
  const consent = await noticeForCandidate(db.prisma, candidate, input.language)
  const takes =
    state === 'open'
      ? await db.prisma.videoAnswerTake.findMany({
          where: { videoInterviewId: video.id },
          orderBy: { createdAt: 'asc' },
          select: { id: true, questionId: true, sizeBytes: true, durationMs: true, createdAt: true },
        })
      : []
  return {
    state,
    organization: candidate.org.name,
    jobTitle: video.interview.application.job.title,
    title: video.interview.title,
    expiresAt: video.expiresAt,
    answerSeconds: video.answerSeconds,
    maxTakes: video.maxTakes,
    consent: { ...consent, mayRecord: state === 'open' && !(await processingBlock(db.prisma, candidate.id, 'recording')) },
    questions: video.questions.map((q) => ({
      id: q.id,
      position: q.position,
      prompt: q.prompt,
      takes: takes.filter((t) => t.questionId === q.id).map((t) => ({ id: t.id, sizeBytes: Number(t.sizeBytes), durationMs: t.durationMs, createdAt: t.createdAt })),
    })),
  }
}

/** The candidate's consent answer on the video page (the same notice, versions and rules as their consent page). */
export async function answerVideoConsent(
  db: Database,
  input: { token: string; language: NoticeLanguage; version: string; answers: Partial<Record<ConsentPurpose, boolean>> },
  now = new Date(),
) {
  const video = await videoByToken(db.prisma, input.token)
  return answerAsCandidate(db, video.interview.application.candidate, input, { mayGrant: stateOf(video, now) === 'open' })
}

/**
 * One take of one answer, streamed to the blob store as a draft. Refused
 * unless the link is open and the candidate agreed to recording, and past
 * the interview's number of takes per question.
 */
export async function recordTake(
  db: Database,
  blobs: BlobStore,
  input: { token: string; questionId: string; durationMs?: number; body: AsyncIterable<Uint8Array>; maxBytes: number; declaredBytes?: number },
  now = new Date(),
) {
  const video = await openVideo(db.prisma, input.token, now)
  const candidate = video.interview.application.candidate
  if (await processingBlock(db.prisma, candidate.id, 'recording')) {
    throw new AppError('UNPROCESSABLE', 'Your answers can be recorded only after you agree to the recording, above.')
  }
  const question = video.questions.find((q) => q.id === input.questionId)
  if (!question) throw new AppError('NOT_FOUND', 'That question is not part of this interview.')
  const tooMany = `You have recorded ${video.maxTakes} take${video.maxTakes === 1 ? '' : 's'} of this answer, the most this interview allows. Choose one and submit.`
  if ((await db.prisma.videoAnswerTake.count({ where: { questionId: question.id } })) >= video.maxTakes) throw new AppError('CONFLICT', tooMany)
  const id = crypto.randomUUID()
  const storageKey = `org/${video.orgId}/video-answers/${id}`
  const file = await receiveUpload({
    store: blobs,
    key: storageKey,
    source: input.body,
    maxBytes: input.maxBytes,
    declaredBytes: input.declaredBytes,
    accept: (type) => type.kind === 'video' || type.kind === 'audio',
    acceptedDescription: 'a video or audio recording from the browser (WebM, MP4 or OGG)',
  })
  try {
    return await db.prisma.$transaction(async (tx) => {
      // Counted again inside the transaction: two takes uploaded at once cannot both pass the limit.
      await tx.$executeRaw`SELECT 1 FROM "VideoInterview" WHERE id = ${video.id} FOR UPDATE`
      const current = await tx.videoInterview.findUniqueOrThrow({ where: { id: video.id }, select: { status: true } })
      if (current.status !== 'INVITED') throw new AppError('CONFLICT', closedMessage[current.status === 'SUBMITTED' ? 'submitted' : 'cancelled'])
      if ((await tx.videoAnswerTake.count({ where: { questionId: question.id } })) >= video.maxTakes) throw new AppError('CONFLICT', tooMany)
      const take = await tx.videoAnswerTake.create({
        data: {
          id,
          orgId: video.orgId,
          videoInterviewId: video.id,
          questionId: question.id,
          storageKey,
          contentType: file.type.mime,
          sizeBytes: BigInt(file.sizeBytes),
          sha256: file.sha256,
          durationMs: input.durationMs ?? null,
        },
      })
      if (!video.openedAt) await tx.videoInterview.update({ where: { id: video.id }, data: { openedAt: now } })
      await appendAuditEvent(tx, candidateAudit, {
        orgId: video.orgId,
        action: 'video_interview.answer_recorded',
        targets: [{ type: 'interview', id: video.interview.id }, { type: 'video_answer', id: take.id }],
        metadata: { question: question.position + 1, contentType: file.type.mime, sizeBytes: file.sizeBytes, sha256: file.sha256 },
      })
      return { id: take.id, sizeBytes: file.sizeBytes, contentType: file.type.mime }
    })
  } catch (error) {
    await blobs.delete(storageKey)
    throw error
  }
}

/**
 * Submits the interview: for every question, the chosen take (the latest
 * when none is chosen) becomes the answer; the other takes stay drafts and
 * expire. Transcription and analysis follow as a background job.
 */
export async function submitVideoInterview(db: Database, input: { token: string; choices: Record<string, string> }, now = new Date()) {
  const video = await openVideo(db.prisma, input.token, now)
  const candidate = video.interview.application.candidate
  if (await processingBlock(db.prisma, candidate.id, 'recording')) {
    throw new AppError('UNPROCESSABLE', 'Your answers can be submitted only while you agree to the recording.')
  }
  const takes = await db.prisma.videoAnswerTake.findMany({ where: { videoInterviewId: video.id }, orderBy: { createdAt: 'asc' }, select: { id: true, questionId: true } })
  const chosen: string[] = []
  const fieldErrors: Record<string, string> = {}
  for (const question of video.questions) {
    const mine = takes.filter((t) => t.questionId === question.id)
    const choice = input.choices[question.id]
    if (mine.length === 0) fieldErrors[question.id] = 'Record an answer to this question first.'
    else if (choice && !mine.some((t) => t.id === choice)) fieldErrors[question.id] = 'Choose one of your takes of this question.'
    else chosen.push(choice ?? mine.at(-1)!.id)
  }
  const unknown = Object.keys(input.choices).filter((id) => !video.questions.some((q) => q.id === id))
  if (unknown.length) throw new AppError('BAD_REQUEST', 'The choices name a question that is not part of this interview.')
  if (Object.keys(fieldErrors).length) throw new AppError('UNPROCESSABLE', 'Every question needs an answer before you submit.', fieldErrors)
  await db.prisma.$transaction(async (tx) => {
    const { count } = await tx.videoInterview.updateMany({ where: { id: video.id, status: 'INVITED' }, data: { status: 'SUBMITTED', submittedAt: now } })
    if (count !== 1) throw new AppError('CONFLICT', closedMessage.submitted)
    await tx.videoAnswerTake.updateMany({ where: { id: { in: chosen }, videoInterviewId: video.id }, data: { status: 'SUBMITTED' } })
    await enqueueJob(tx, {
      kind: videoTranscriptionJobKind,
      key: videoTranscriptionJobKey(video.interview.id),
      orgId: video.orgId,
      payload: { videoInterviewId: video.id },
    })
    await appendAuditEvent(tx, candidateAudit, {
      orgId: video.orgId,
      action: 'video_interview.submitted',
      targets: [{ type: 'interview', id: video.interview.id }],
      metadata: { answers: chosen.length, drafts: takes.length - chosen.length },
    })
  })
  announceJobs()
  return { submitted: true, answers: chosen.length }
}

/** One of the candidate's own takes, to watch it back before choosing; only while the link is open. */
export async function candidateTakeFile(db: Database, input: { token: string; takeId: string }, now = new Date()) {
  const video = await openVideo(db.prisma, input.token, now)
  const take = await db.prisma.videoAnswerTake.findFirst({ where: { id: input.takeId, videoInterviewId: video.id } })
  if (!take) throw new AppError('NOT_FOUND', 'Take not found')
  return { id: take.id, contentType: take.contentType, sizeBytes: Number(take.sizeBytes), fileName: `take.${extensionOf(take.contentType)}` }
}
