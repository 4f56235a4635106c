import type { ConsentPurpose, DataRegion, Prisma } from '@prisma/client'
import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { candidateWhere } from '../../authz/where'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { generateToken, hashToken } from '../../auth/tokens'
import { enqueueEmail } from '../mail/outbox'
import { cancelQueuedWork, type ProcessingUse } from '../privacy/processing'
import { consentAnswers } from './state'
import {
  defaultLanguageFor,
  noticeHash,
  noticeLanguages,
  noticeTemplate,
  noticeText,
  purposesOf,
  regimeFor,
  renderNotice,
  type NoticeLanguage,
} from './notices'

/**
 * Candidate consent to recording and AI analysis (and, under KVKK, to
 * processing abroad), asked on the candidate's own page or recorded in person
 * by a member. Each answer names the notice version (its hash), the
 * language it was read in, when, and whether the candidate answered on their
 * own page or a member recorded an in-person answer.
 */

/** A consent link lets the candidate give consent for 30 days; withdrawing works with it for as long as they exist. */
export const consentLinkLifetimeMs = 30 * 24 * 60 * 60 * 1000

/** What a withdrawn purpose stops. */
const usesStoppedBy: Record<ConsentPurpose, ProcessingUse[]> = {
  RECORDING: ['recording'],
  AI_ANALYSIS: ['analysis'],
  TRANSFER_ABROAD: ['recording', 'analysis'],
}

async function visibleCandidate(db: Database, access: Access, candidateId: string) {
  const candidate = await db.prisma.candidate.findFirst({
    where: { AND: [{ id: candidateId }, candidateWhere(access)] },
    select: { id: true, email: true, country: true, org: { select: { name: true, region: true } } },
  })
  if (!candidate) throw new AppError('NOT_FOUND', 'Candidate not found')
  return candidate
}

/** For the candidate page: where consent stands, its history, and the notices a member can read out in person. */
export async function candidateConsent(db: Database, access: Access, candidateId: string) {
  const candidate = await visibleCandidate(db, access, candidateId)
  const regime = regimeFor(candidate.country)
  const [answers, history, link] = await Promise.all([
    consentAnswers(db.prisma, candidate.id),
    db.prisma.candidateConsent.findMany({ where: { candidateId: candidate.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 30 }),
    db.prisma.consentLink.findFirst({ where: { candidateId: candidate.id }, orderBy: { createdAt: 'desc' }, select: { createdAt: true, expiresAt: true } }),
  ])
  return {
    regime,
    purposes: purposesOf[regime],
    answers,
    history: history.map(({ purpose, granted, language, noticeHash, source, recordedById, createdAt }) => ({
      purpose,
      granted,
      language,
      noticeHash,
      source,
      recordedById,
      createdAt,
    })),
    lastRequest: link,
    canRecordInPerson: regime !== 'kvkk',
    notices: (Object.keys(noticeLanguages) as NoticeLanguage[]).map((language) =>
      renderNotice(noticeTemplate(regime, language), { organization: candidate.org.name, region: candidate.org.region }),
    ),
    defaultLanguage: defaultLanguageFor(candidate.country),
  }
}

/**
 * Creates the candidate's consent link (earlier links stop working) and, when
 * we have their email, sends it in their language. The link is returned once
 * so the member can also hand it over another way.
 */
export async function requestCandidateConsent(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { candidateId: string },
  appUrl: string,
  now = new Date(),
) {
  const candidate = await visibleCandidate(db, access, input.candidateId)
  const token = generateToken()
  const language = defaultLanguageFor(candidate.country)
  const consentUrl = `${appUrl}/consent/${token}`
  const link = await db.prisma.$transaction(async (tx) => {
    await tx.consentLink.deleteMany({ where: { candidateId: candidate.id } })
    const created = await tx.consentLink.create({
      data: {
        orgId: access.orgId,
        candidateId: candidate.id,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + consentLinkLifetimeMs),
        createdById: access.userId,
      },
    })
    if (candidate.email) {
      await enqueueEmail(tx, {
        to: candidate.email,
        orgId: access.orgId,
        template: 'consentRequest',
        data: { organization: candidate.org.name, language, consentUrl, withdrawUrl: `${consentUrl}?withdraw=1`, expiresAt: created.expiresAt },
      })
    }
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'candidate.consent_requested',
      targets: [{ type: 'candidate', id: candidate.id }],
      metadata: { emailed: Boolean(candidate.email), language },
    })
    return created
  })
  return { consentUrl, expiresAt: link.expiresAt, emailed: Boolean(candidate.email) }
}

async function linkByToken(db: DbClient, token: string) {
  const link = await db.consentLink.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { candidate: { select: { id: true, orgId: true, country: true, org: { select: { name: true, region: true } } } } },
  })
  if (!link) throw new AppError('NOT_FOUND', 'This consent link is not valid. Ask the organization for a new one.')
  return link
}

/** A candidate reached through one of their own links (the consent link, a video-interview link). */
export type ConsentSubject = { id: string; orgId: string; country: string | null; org: { name: string; region: DataRegion } }

/** The notice in the chosen (or their default) language and the candidate's current answer to each of its purposes. */
export async function noticeForCandidate(db: DbClient, candidate: ConsentSubject, language?: NoticeLanguage) {
  const regime = regimeFor(candidate.country)
  const chosen = language ?? defaultLanguageFor(candidate.country)
  const answers = await consentAnswers(db, candidate.id)
  return {
    notice: renderNotice(noticeTemplate(regime, chosen), { organization: candidate.org.name, region: candidate.org.region }),
    answers: Object.fromEntries(purposesOf[regime].map((p) => [p, answers[p]?.granted ?? null])) as Record<ConsentPurpose, boolean | null>,
  }
}

/** The candidate's page: the notice and their current answers. Public, by token. */
export async function consentPage(db: Database, input: { token: string; language?: NoticeLanguage }, now = new Date()) {
  const link = await linkByToken(db.prisma, input.token)
  return { ...(await noticeForCandidate(db.prisma, link.candidate, input.language)), mayGrant: link.expiresAt > now, expiresAt: link.expiresAt }
}

/**
 * The candidate's answer on their page: one boolean per purpose of the notice
 * version they read. A version that is no longer current is refused (they must
 * read the new words); after the link's 30 days only withdrawals are accepted.
 * Withdrawn purposes cancel the queued work they covered.
 */
export async function answerConsent(
  db: Database,
  input: { token: string; language: NoticeLanguage; version: string; answers: Partial<Record<ConsentPurpose, boolean>> },
  now = new Date(),
) {
  const link = await linkByToken(db.prisma, input.token)
  return answerAsCandidate(db, link.candidate, input, { mayGrant: link.expiresAt > now })
}

/**
 * An answer the candidate gives themselves, on a page one of their links opened. Without `mayGrant` (an expired
 * link) only withdrawals, and answers that change nothing, are accepted.
 */
export async function answerAsCandidate(
  db: Database,
  candidate: ConsentSubject,
  input: { language: NoticeLanguage; version: string; answers: Partial<Record<ConsentPurpose, boolean>> },
  options: { mayGrant: boolean },
) {
  const regime = regimeFor(candidate.country)
  const template = noticeTemplate(regime, input.language)
  if (noticeHash(template) !== input.version) {
    throw new AppError('CONFLICT', 'The notice has changed since this page was opened. Please read it again before answering.')
  }
  const answers = Object.fromEntries(purposesOf[regime].map((p) => [p, input.answers[p] === true])) as Record<ConsentPurpose, boolean>
  if (!options.mayGrant && Object.values(answers).some(Boolean)) {
    const current = await consentAnswers(db.prisma, candidate.id)
    if (purposesOf[regime].some((p) => answers[p] && !current[p]?.granted)) {
      throw new AppError('UNPROCESSABLE', 'This link can no longer be used to give consent. You can still withdraw; ask the organization for a new link to agree.')
    }
  }
  return recordAnswers(db, {
    candidate,
    template,
    answers,
    source: 'CANDIDATE',
    audit: { actor: { type: 'CANDIDATE', id: null, email: null }, ip: '', userAgent: '', requestId: '' },
  })
}

/** A member records consent the candidate gave in person, after reading them the notice. Refused under KVKK. */
export async function recordInPersonConsent(
  db: Database,
  access: Access,
  audit: AuditContext,
  input: { candidateId: string; language: NoticeLanguage; version: string; answers: Partial<Record<ConsentPurpose, boolean>> },
) {
  const candidate = await db.prisma.candidate.findFirst({
    where: { AND: [{ id: input.candidateId }, candidateWhere(access)] },
    select: { id: true, orgId: true, country: true },
  })
  if (!candidate) throw new AppError('NOT_FOUND', 'Candidate not found')
  const regime = regimeFor(candidate.country)
  if (regime === 'kvkk') {
    throw new AppError('UNPROCESSABLE', 'Under KVKK, candidates in Türkiye give explicit consent themselves: send them the consent request.')
  }
  const template = noticeTemplate(regime, input.language)
  if (noticeHash(template) !== input.version) throw new AppError('CONFLICT', 'The notice has changed. Read the current version to the candidate.')
  const answers = Object.fromEntries(purposesOf[regime].map((p) => [p, input.answers[p] === true])) as Record<ConsentPurpose, boolean>
  return recordAnswers(db, { candidate, template, answers, source: 'MEMBER', recordedById: access.userId, audit })
}

async function recordAnswers(
  db: Database,
  input: {
    candidate: { id: string; orgId: string }
    template: ReturnType<typeof noticeTemplate>
    answers: Record<ConsentPurpose, boolean>
    source: 'CANDIDATE' | 'MEMBER'
    recordedById?: string
    audit: AuditContext
  },
) {
  const version = noticeHash(input.template)
  return db.prisma.$transaction(async (tx) => {
    await tx.consentNotice.createMany({
      data: [{ hash: version, regime: input.template.regime, language: input.template.language, title: input.template.title, body: noticeText(input.template) }],
      skipDuplicates: true,
    })
    const current = await consentAnswers(tx, input.candidate.id)
    const changed = (Object.entries(input.answers) as [ConsentPurpose, boolean][]).filter(
      ([purpose, granted]) => current[purpose]?.granted !== granted || current[purpose]?.noticeHash !== version,
    )
    if (changed.length === 0) return { changed: 0, cancelledJobs: 0 }
    const rows: Prisma.CandidateConsentCreateManyInput[] = changed.map(([purpose, granted]) => ({
      orgId: input.candidate.orgId,
      candidateId: input.candidate.id,
      purpose,
      granted,
      noticeHash: version,
      language: input.template.language,
      source: input.source,
      recordedById: input.recordedById ?? null,
    }))
    await tx.candidateConsent.createMany({ data: rows })
    const withdrawn = changed.filter(([purpose, granted]) => !granted && current[purpose]?.granted).map(([purpose]) => purpose)
    const stopped = [...new Set(withdrawn.flatMap((purpose) => usesStoppedBy[purpose]))]
    const cancelledJobs = stopped.length ? await cancelQueuedWork(tx, input.candidate.id, stopped) : 0
    await appendAuditEvent(tx, input.audit, {
      orgId: input.candidate.orgId,
      action: 'candidate.consent_recorded',
      targets: [{ type: 'candidate', id: input.candidate.id }],
      metadata: {
        source: input.source,
        language: input.template.language,
        noticeVersion: version,
        answers: Object.fromEntries(changed),
        cancelledJobs,
      },
    })
    return { changed: changed.length, cancelledJobs }
  })
}
