import crypto from 'node:crypto'
import type { Prisma } from '@prisma/client'
import { z } from 'zod'
import type { Env } from '../../env'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { candidateWhere } from '../../authz/where'
import { appendAuditEvent, systemAuditContext, type AuditContext } from '../../audit/append'
import type { BlobStore } from '../../storage'
import { receiveUpload } from '../../storage/ingest'
import { cleanFileName } from '../../storage/file-names'
import { announceJobs, enqueueJob, JobError } from '../../jobs/queue'
import type { JobHandler } from '../../jobs/worker'
import { CvExtractionError, extractCvText } from '../../cv/extract-text'
import { parseProfile, type CandidateProfile } from '../../cv/profile'
import { parseProfileWithLlm } from '../../cv/llm-profile'
import { createLlmClient } from '../../analysis/llm-analyzer'
import { assertProcessingAllowed, processingBlock } from '../privacy/processing'

/**
 * Candidates' CVs: a PDF or DOCX (recognised from its bytes), stored in the
 * blob store, then read into text and a structured profile by a background
 * job: locally by default, by the language model when LLM_API_KEY is set
 * (falling back to the local parser if the model's answer is unusable).
 * Profiles inform; the candidate's own record is only changed by people.
 */
export const cvJobKind = 'parse-cv'
export const localCvParser = 'local-1'

export async function uploadCv(
  db: Database,
  blobs: BlobStore,
  access: Access,
  audit: AuditContext,
  input: { candidateId: string; fileName: string; body: AsyncIterable<Uint8Array>; maxBytes: number; declaredBytes?: number },
) {
  const candidate = await db.prisma.candidate.findFirst({ where: { AND: [{ id: input.candidateId }, candidateWhere(access)] }, select: { id: true } })
  if (!candidate) throw new AppError('NOT_FOUND', 'Candidate not found')
  await assertProcessingAllowed(db.prisma, candidate.id, 'cv')
  const id = crypto.randomUUID()
  const storageKey = `org/${access.orgId}/cvs/${id}`
  const file = await receiveUpload({
    store: blobs,
    key: storageKey,
    source: input.body,
    maxBytes: input.maxBytes,
    declaredBytes: input.declaredBytes,
    // A DOCX is a ZIP; that it really is a Word document is checked when it is read.
    accept: (type) => type.kind === 'pdf' || type.kind === 'zip',
    acceptedDescription: 'a PDF or Word (DOCX) document',
  })
  const contentType = file.type.kind === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  try {
    const document = await db.prisma.$transaction(async (tx) => {
      const created = await tx.candidateDocument.create({
        data: {
          id,
          orgId: access.orgId,
          candidateId: candidate.id,
          storageKey,
          fileName: cleanFileName(input.fileName, file.type.kind === 'pdf' ? 'pdf' : 'docx', 'cv'),
          contentType,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          uploadedById: access.userId,
        },
      })
      await enqueueJob(tx, { kind: cvJobKind, key: `parse-cv:${created.id}`, orgId: access.orgId, payload: { documentId: created.id }, maxAttempts: 3 })
      await appendAuditEvent(tx, audit, {
        orgId: access.orgId,
        action: 'candidate.cv_uploaded',
        targets: [{ type: 'candidate', id: candidate.id }, { type: 'document', id: created.id }],
        metadata: { contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 },
      })
      return created
    })
    announceJobs()
    return { id: document.id, contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 }
  } catch (error) {
    await blobs.delete(storageKey)
    throw error
  }
}

/** The candidate's CVs, newest first, with their parsed profiles and the state of parsing. */
export async function listCvs(db: Database, access: Access, candidateId: string) {
  const candidate = await db.prisma.candidate.findFirst({ where: { AND: [{ id: candidateId }, candidateWhere(access)] }, select: { id: true } })
  if (!candidate) throw new AppError('NOT_FOUND', 'Candidate not found')
  const documents = await db.prisma.candidateDocument.findMany({ where: { candidateId: candidate.id }, orderBy: { createdAt: 'desc' } })
  // The profile carries contact details: a role that may not see them gets it without.
  const visibleProfile = (profile: CandidateProfile | null) =>
    profile && !access.visibility.seeCandidateContact ? { ...profile, email: null, phone: null, links: [] } : profile
  const jobs = await db.prisma.backgroundJob.findMany({ where: { key: { in: documents.map((d) => `parse-cv:${d.id}`) } } })
  return documents.map((d) => {
    const job = jobs.find((j) => j.key === `parse-cv:${d.id}`)
    return {
      id: d.id,
      fileName: d.fileName,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      sha256: d.sha256,
      createdAt: d.createdAt,
      parser: d.parser,
      parseError: d.parseError,
      profile: visibleProfile(d.profile as CandidateProfile | null),
      status: job?.status ?? null,
      progress: job?.progress ?? 0,
    }
  })
}

async function readAll(stream: AsyncIterable<Uint8Array>) {
  const chunks: Uint8Array[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return new Uint8Array(Buffer.concat(chunks))
}

export function parseCvHandler(deps: { env: Env; blobs: BlobStore }): JobHandler {
  const { env } = deps
  return async ({ job, db, progress, commit }) => {
    const { documentId } = z.object({ documentId: z.string().min(1) }).parse(job.payload)
    const document = await db.prisma.candidateDocument.findUnique({ where: { id: documentId } })
    if (!document) return
    const blocked = await processingBlock(db.prisma, document.candidateId, 'cv')
    if (blocked) throw new JobError(blocked, false)
    const kind = document.contentType === 'application/pdf' ? 'pdf' : 'docx'
    let outcome: { text: string | null; profile: CandidateProfile | null; parser: string | null; parseError: string | null }
    try {
      await progress(10, 'Reading the document')
      const { text } = await extractCvText(await readAll(deps.blobs.read(document.storageKey)), kind)
      await progress(50, 'Reading the profile')
      let profile = parseProfile(text)
      let parser = localCvParser
      if (env.LLM_API_KEY && text.trim()) {
        try {
          const client = createLlmClient({ apiKey: env.LLM_API_KEY, baseURL: env.LLM_BASE_URL, timeoutMs: env.PROVIDER_TIMEOUT_MS, appUrl: env.appUrl })
          profile = await parseProfileWithLlm(client, env.LLM_MODEL, text)
          parser = `llm:${env.LLM_MODEL}`
        } catch (error) {
          // A model that is down is retried; one whose answer is unusable leaves the local profile.
          if (!(error instanceof CvExtractionError) && job.attempts < job.maxAttempts) throw new JobError('The language model is unavailable', true)
        }
      }
      outcome = { text, profile, parser, parseError: null }
    } catch (error) {
      if (!(error instanceof CvExtractionError)) throw error
      outcome = { text: null, profile: null, parser: null, parseError: error.message }
    }
    await commit(async (tx) => {
      await tx.candidateDocument.update({
        where: { id: document.id },
        data: { text: outcome.text, profile: (outcome.profile ?? undefined) as Prisma.InputJsonValue | undefined, parser: outcome.parser, parseError: outcome.parseError },
      })
      await appendAuditEvent(tx, systemAuditContext(`job:${job.id}`), {
        orgId: document.orgId,
        action: 'candidate.cv_parsed',
        success: outcome.parseError === null,
        targets: [{ type: 'candidate', id: document.candidateId }, { type: 'document', id: document.id }],
        metadata: { parser: outcome.parser, error: outcome.parseError },
      })
    })
  }
}
