import type { Env } from '../../env'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { applicationWhere } from '../../authz/where'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { generateToken, hashToken } from '../../auth/tokens'
import { createLlmClient } from '../../analysis/llm-analyzer'
import { enqueueEmail } from '../mail/outbox'
import { defaultLanguageFor } from '../consent/notices'
import { findInterview } from '../interviews/interviews'
import { draftQuestionsLocally, draftQuestionsWithLlm } from './question-drafts'

/**
 * The recruiter's side of one-way video interviews: invite a candidate with
 * questions, send a new link, cancel, and see what was submitted. The
 * interview is an ordinary Interview of the application (so visibility,
 * participants, scorecards and analyses work as for any other); its
 * VideoInterview holds the questions, the link and the answers.
 */
export const videoInterviewDefaults = { answerSeconds: 120, maxTakes: 3, linkDays: 14 }
export const videoInterviewLimits = {
  answerSeconds: { min: 30, max: 600 },
  maxTakes: { min: 1, max: 5 },
  linkDays: { min: 1, max: 60 },
}
const day = 86_400_000

export type CreateVideoInterviewInput = {
  applicationId: string
  title: string
  questions: string[]
  answerSeconds: number
  maxTakes: number
  linkDays: number
}

const candidateUrl = (appUrl: string, token: string) => `${appUrl}/video/${token}`

/** Creates the interview and its link; the link is returned once (and emailed when the candidate has an address). */
export async function createVideoInterview(db: Database, access: Access, audit: AuditContext, input: CreateVideoInterviewInput, appUrl: string, now = new Date()) {
  const application = await db.prisma.application.findFirst({
    where: { AND: [{ id: input.applicationId }, applicationWhere(access)] },
    select: { id: true, job: { select: { title: true, org: { select: { name: true } } } }, candidate: { select: { email: true, country: true } } },
  })
  if (!application) throw new AppError('NOT_FOUND', 'Application not found')
  const token = generateToken()
  const expiresAt = new Date(now.getTime() + input.linkDays * day)
  const created = await db.prisma.$transaction(async (tx) => {
    const interview = await tx.interview.create({
      data: { orgId: access.orgId, applicationId: application.id, title: input.title.trim(), createdById: access.userId },
    })
    await tx.interviewParticipant.create({ data: { orgId: access.orgId, interviewId: interview.id, userId: access.userId } })
    const video = await tx.videoInterview.create({
      data: {
        orgId: access.orgId,
        interviewId: interview.id,
        tokenHash: hashToken(token),
        expiresAt,
        answerSeconds: input.answerSeconds,
        maxTakes: input.maxTakes,
        createdById: access.userId,
        questions: { create: input.questions.map((prompt, position) => ({ orgId: access.orgId, position, prompt: prompt.trim() })) },
      },
    })
    const emailed = await emailLink(tx, { ...application, orgId: access.orgId }, candidateUrl(appUrl, token), expiresAt, input)
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'video_interview.created',
      targets: [{ type: 'interview', id: interview.id }, { type: 'application', id: application.id }],
      metadata: { questions: input.questions.length, answerSeconds: input.answerSeconds, maxTakes: input.maxTakes, expiresAt: expiresAt.toISOString(), emailed },
    })
    return { interviewId: interview.id, videoInterviewId: video.id, emailed }
  })
  return { ...created, url: candidateUrl(appUrl, token), expiresAt }
}

type LinkRecipient = { orgId: string; job: { title: string; org: { name: string } }; candidate: { email: string | null; country: string | null } }

async function emailLink(
  tx: Parameters<typeof enqueueEmail>[0],
  application: LinkRecipient,
  url: string,
  expiresAt: Date,
  settings: { questions: unknown[]; answerSeconds: number },
) {
  if (!application.candidate.email) return false
  await enqueueEmail(tx, {
    to: application.candidate.email,
    orgId: application.orgId,
    template: 'videoInterviewInvitation',
    data: {
      organization: application.job.org.name,
      jobTitle: application.job.title,
      language: defaultLanguageFor(application.candidate.country),
      url,
      expiresAt,
      questions: settings.questions.length,
      answerMinutes: Math.ceil(settings.answerSeconds / 60),
    },
  })
  return true
}

async function findVideoInterview(db: Database, access: Access, interviewId: string) {
  const interview = await findInterview(db, access, interviewId)
  const video = await db.prisma.videoInterview.findUnique({
    where: { interviewId: interview.id },
    include: { questions: { orderBy: { position: 'asc' } } },
  })
  if (!video) throw new AppError('NOT_FOUND', 'This interview is not a video interview.')
  return { interview, video }
}

/** A new link for a candidate who lost theirs or let it expire: the old one stops working. Not after submission. */
export async function renewVideoInterviewLink(db: Database, access: Access, audit: AuditContext, input: { interviewId: string; linkDays: number }, appUrl: string, now = new Date()) {
  const { interview, video } = await findVideoInterview(db, access, input.interviewId)
  if (video.status !== 'INVITED') throw new AppError('CONFLICT', `This video interview is ${video.status === 'SUBMITTED' ? 'already submitted' : 'cancelled'}: its link cannot be renewed.`)
  const application = await db.prisma.application.findUniqueOrThrow({
    where: { id: interview.application.id },
    select: { job: { select: { title: true, org: { select: { name: true } } } }, candidate: { select: { email: true, country: true } } },
  })
  const token = generateToken()
  const expiresAt = new Date(now.getTime() + input.linkDays * day)
  const emailed = await db.prisma.$transaction(async (tx) => {
    // Conditional on the status read above: a submission in between wins.
    const { count } = await tx.videoInterview.updateMany({ where: { id: video.id, status: 'INVITED' }, data: { tokenHash: hashToken(token), expiresAt } })
    if (count !== 1) throw new AppError('CONFLICT', 'This video interview was just submitted or cancelled.')
    const sent = await emailLink(tx, { ...application, orgId: access.orgId }, candidateUrl(appUrl, token), expiresAt, video)
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'video_interview.link_renewed',
      targets: [{ type: 'interview', id: interview.id }],
      metadata: { expiresAt: expiresAt.toISOString(), emailed: sent },
    })
    return sent
  })
  return { url: candidateUrl(appUrl, token), expiresAt, emailed }
}

/** Cancels an interview the candidate has not submitted: the link stops working; drafts expire with the retention period. */
export async function cancelVideoInterview(db: Database, access: Access, audit: AuditContext, input: { interviewId: string }) {
  const { interview, video } = await findVideoInterview(db, access, input.interviewId)
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.videoInterview.updateMany({ where: { id: video.id, status: 'INVITED' }, data: { status: 'CANCELLED' } })
    if (count !== 1) throw new AppError('CONFLICT', 'Only an interview the candidate has not submitted can be cancelled.')
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'video_interview.cancelled', targets: [{ type: 'interview', id: interview.id }] })
    return { cancelled: true }
  })
}

/**
 * The video interview as the interview page shows it: questions, state, and
 * the submitted answers (ids for the player only for roles that see
 * recordings). Drafts are the candidate's: only their number is shown.
 */
export async function videoInterviewForStaff(db: Database, access: Access, interviewId: string, now = new Date()) {
  const interview = await findInterview(db, access, interviewId)
  const video = await db.prisma.videoInterview.findUnique({
    where: { interviewId: interview.id },
    include: {
      questions: { orderBy: { position: 'asc' } },
      takes: { select: { id: true, questionId: true, status: true, contentType: true, sizeBytes: true, durationMs: true, createdAt: true } },
    },
  })
  if (!video) return null
  return {
    status: video.status,
    expired: video.status === 'INVITED' && video.expiresAt <= now,
    expiresAt: video.expiresAt,
    openedAt: video.openedAt,
    submittedAt: video.submittedAt,
    answerSeconds: video.answerSeconds,
    maxTakes: video.maxTakes,
    drafts: video.takes.filter((t) => t.status === 'DRAFT').length,
    questions: video.questions.map((q) => {
      const answer = video.takes.find((t) => t.questionId === q.id && t.status === 'SUBMITTED')
      return {
        id: q.id,
        position: q.position,
        prompt: q.prompt,
        answer: answer
          ? {
              id: access.visibility.seeRecordings ? answer.id : null,
              contentType: answer.contentType,
              sizeBytes: Number(answer.sizeBytes),
              durationMs: answer.durationMs,
            }
          : null,
      }
    }),
  }
}

/** A submitted answer's file for the player: `recordings.read` and a role that sees recordings. */
export async function submittedAnswerFile(db: Database, access: Access, input: { interviewId: string; takeId: string }) {
  const interview = await findInterview(db, access, input.interviewId)
  if (!access.visibility.seeRecordings) throw new AppError('FORBIDDEN', 'Your role does not include watching recordings.')
  const take = await db.prisma.videoAnswerTake.findFirst({
    where: { id: input.takeId, orgId: access.orgId, status: 'SUBMITTED', videoInterview: { interviewId: interview.id } },
    include: { question: { select: { position: true } } },
  })
  if (!take) throw new AppError('NOT_FOUND', 'Answer not found')
  return { id: take.id, contentType: take.contentType, sizeBytes: Number(take.sizeBytes), fileName: `answer-${take.question.position + 1}.${extensionOf(take.contentType)}` }
}

/** The file extension of a stored take's type (as sniffed on upload): speech providers read the format from it. */
const extensions = new Map([
  ['video/webm', 'webm'],
  ['video/x-matroska', 'mkv'],
  ['video/mp4', 'mp4'],
  ['video/quicktime', 'mov'],
  ['audio/mp4', 'm4a'],
  ['audio/mpeg', 'mp3'],
  ['audio/ogg', 'ogg'],
  ['audio/wav', 'wav'],
  ['audio/flac', 'flac'],
])
export const extensionOf = (contentType: string) => extensions.get(contentType) ?? 'webm'

/** Draft questions from the job's rubric, for the recruiter to edit (language model when configured). */
export async function draftVideoQuestions(db: Database, access: Access, input: { applicationId: string }, env: Env) {
  const application = await db.prisma.application.findFirst({
    where: { AND: [{ id: input.applicationId }, applicationWhere(access)] },
    select: { job: { select: { title: true, competencies: { select: { name: true, description: true, weight: true } } } } },
  })
  if (!application) throw new AppError('NOT_FOUND', 'Application not found')
  const rubric = application.job.competencies
  if (rubric.length === 0) throw new AppError('UNPROCESSABLE', 'This job has no rubric yet: add competencies to the job, or write the questions yourself.')
  if (env.LLM_API_KEY) {
    const client = createLlmClient({ apiKey: env.LLM_API_KEY, baseURL: env.LLM_BASE_URL, timeoutMs: env.PROVIDER_TIMEOUT_MS, appUrl: env.appUrl })
    const drafted = await draftQuestionsWithLlm(client, env.LLM_MODEL, { jobTitle: application.job.title, rubric }, Math.min(env.PROVIDER_TIMEOUT_MS, 60_000))
    if (drafted) return { questions: drafted, source: 'llm' as const, note: 'Drafted by the language model from the rubric. Read and edit them before sending.' }
    return { questions: draftQuestionsLocally(rubric), source: 'rubric' as const, note: 'The language model could not draft questions just now; these follow the rubric.' }
  }
  return { questions: draftQuestionsLocally(rubric), source: 'rubric' as const, note: 'Drafted from the rubric. Edit them before sending.' }
}

/** What the invitation form shows about the application: whom it goes to, for which job, and whether drafts are possible. */
export async function videoInterviewSetup(db: Database, access: Access, input: { applicationId: string }) {
  const application = await db.prisma.application.findFirst({
    where: { AND: [{ id: input.applicationId }, applicationWhere(access)] },
    select: {
      id: true,
      job: { select: { id: true, title: true, anonymisedScreening: true, org: { select: { anonymisedScreening: true } }, _count: { select: { competencies: true } } } },
      candidate: { select: { name: true, email: true } },
    },
  })
  if (!application) throw new AppError('NOT_FOUND', 'Application not found')
  const anonymised = application.job.anonymisedScreening || application.job.org.anonymisedScreening
  return {
    applicationId: application.id,
    job: { id: application.job.id, title: application.job.title },
    candidateName: anonymised ? 'the candidate' : application.candidate.name,
    candidateHasEmail: Boolean(application.candidate.email),
    rubricSize: application.job._count.competencies,
  }
}
