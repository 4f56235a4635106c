import type { ConsentPurpose } from '@prisma/client'
import type { DbClient } from '../../db/types'
import type { ProcessingUse } from '../privacy/processing'
import { regimeFor } from './notices'

/**
 * Where a candidate's consent stands. Answers are append-only rows; the latest
 * per purpose is the candidate's choice.
 */
export type ConsentAnswer = { granted: boolean; at: Date; language: string; noticeHash: string; source: 'CANDIDATE' | 'MEMBER' }
export type ConsentAnswers = Partial<Record<ConsentPurpose, ConsentAnswer>>

const purposesFor: Record<Exclude<ProcessingUse, 'cv'>, ConsentPurpose[]> = { recording: ['RECORDING'], analysis: ['AI_ANALYSIS'] }

const purposeLabels: Record<ConsentPurpose, string> = {
  RECORDING: 'being recorded',
  AI_ANALYSIS: 'AI analysis',
  TRANSFER_ABROAD: 'processing outside Türkiye (KVKK)',
}

export async function consentAnswers(db: DbClient, candidateId: string): Promise<ConsentAnswers> {
  const rows = await db.candidateConsent.findMany({ where: { candidateId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
  const answers: ConsentAnswers = {}
  for (const row of rows) {
    answers[row.purpose] ??= { granted: row.granted, at: row.createdAt, language: row.language, noticeHash: row.noticeHash, source: row.source }
  }
  return answers
}

/** The purposes the use needs that the candidate has not granted (under KVKK, transfer abroad is always needed). */
export async function missingConsents(db: DbClient, candidate: { id: string; country: string | null }, use: Exclude<ProcessingUse, 'cv'>) {
  const regime = regimeFor(candidate.country)
  const needed = [...purposesFor[use], ...(regime === 'kvkk' ? (['TRANSFER_ABROAD'] as const) : [])]
  const answers = await consentAnswers(db, candidate.id)
  return needed.filter((purpose) => !answers[purpose]?.granted)
}

export function describeMissingConsents(missing: ConsentPurpose[], country: string | null) {
  const how =
    regimeFor(country) === 'kvkk'
      ? 'Send them the consent request from their page: under KVKK only the candidate can give it.'
      : 'Send them the consent request from their page, or record consent they gave in person.'
  return `The candidate has not consented to ${missing.map((p) => purposeLabels[p]).join(' and ')}. ${how}`
}
