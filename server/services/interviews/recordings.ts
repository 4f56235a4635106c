import crypto from 'node:crypto'
import type { Prisma, Recording } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { isUniqueViolation } from '../../db/errors'
import type { BlobStore } from '../../storage'
import { receiveUpload, type IngestedFile } from '../../storage/ingest'
import { cleanFileName } from '../../storage/file-names'
import { assertProcessingAllowed } from '../privacy/processing'
import { announceJobs, enqueueJob } from '../../jobs/queue'
import { findInterview } from './interviews'
import type { EngineId } from '../../transcription/engines'
import { transcriptionJobKey, transcriptionJobKind } from './transcription-job'

/**
 * An interview's recording: uploaded once, streamed to the blob store (the
 * type is read from the bytes, the size capped while streaming, the SHA-256
 * computed on the way), then transcribed by a background job.
 */
export const acceptedRecordingTypes = 'an audio or video recording (WAV, MP3, M4A, OGG, FLAC, WebM, MP4 or MOV)'

export async function uploadRecording(
  db: Database,
  blobs: BlobStore,
  access: Access,
  audit: AuditContext,
  input: {
    interviewId: string
    fileName: string
    body: AsyncIterable<Uint8Array>
    maxBytes: number
    declaredBytes?: number
    engine?: EngineId
    /** The engines that can run here; a requested one must be among them. */
    availableEngines?: EngineId[]
  },
) {
  const interview = await findInterview(db, access, input.interviewId)
  await assertProcessingAllowed(db.prisma, interview.application.candidate.id, 'recording')
  if (await db.prisma.videoInterview.findUnique({ where: { interviewId: interview.id }, select: { id: true } })) {
    throw new AppError('CONFLICT', 'This is a video interview: its recordings are the answers the candidate submits.')
  }
  if (input.engine && input.availableEngines && !input.availableEngines.includes(input.engine)) {
    throw new AppError('BAD_REQUEST', 'That transcription engine is not available here.', { engine: 'Not available' })
  }
  if (await db.prisma.recording.findUnique({ where: { interviewId: interview.id }, select: { id: true } })) {
    throw new AppError('CONFLICT', 'This interview already has a recording. Delete it before uploading another.')
  }
  const { recording, file } = await storeInterviewRecording(blobs, {
    orgId: access.orgId,
    interviewId: interview.id,
    uploadedById: access.userId,
    fileName: input.fileName,
    body: input.body,
    maxBytes: input.maxBytes,
    declaredBytes: input.declaredBytes,
    engine: input.engine,
    transaction: (write) => db.prisma.$transaction(write),
    record: (tx, created, stored) =>
      appendAuditEvent(tx, audit, {
        orgId: access.orgId,
        action: 'recording.uploaded',
        targets: [{ type: 'interview', id: interview.id }, { type: 'recording', id: created.id }],
        metadata: { contentType: stored.type.mime, sizeBytes: stored.sizeBytes, sha256: stored.sha256 },
      }),
  })
  return { id: recording.id, contentType: recording.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 }
}

/**
 * Streams a recording into the blob store and makes it the interview's one recording, with its transcription
 * queued, in one transaction (`transaction`: a plain one, or a background job's commit) together with whatever
 * `record` writes (the audit event). The caller has checked access and consent. Nothing is left behind on any
 * failure: a refused stream keeps no file, a failed write deletes it. A second recording of the interview is
 * CONFLICT (the row is unique per interview).
 */
export async function storeInterviewRecording(
  blobs: BlobStore,
  input: {
    orgId: string
    interviewId: string
    /** Whose recording it is: the analysis that follows the transcription runs for them. */
    uploadedById: string
    fileName: string
    /** The name when `fileName` has nothing usable, before the detected extension. */
    fallbackName?: string
    body: AsyncIterable<Uint8Array>
    maxBytes: number
    declaredBytes?: number
    engine?: EngineId
    transaction: <T>(write: (tx: Prisma.TransactionClient) => Promise<T>) => Promise<T>
    record: (tx: Prisma.TransactionClient, recording: Recording, file: IngestedFile) => Promise<unknown>
  },
) {
  const id = crypto.randomUUID()
  const storageKey = `org/${input.orgId}/recordings/${id}`
  const file = await receiveUpload({
    store: blobs,
    key: storageKey,
    source: input.body,
    maxBytes: input.maxBytes,
    declaredBytes: input.declaredBytes,
    accept: (type) => type.kind === 'audio' || type.kind === 'video',
    acceptedDescription: acceptedRecordingTypes,
  })
  try {
    const recording = await input.transaction(async (tx) => {
      const created = await tx.recording.create({
        data: {
          id,
          orgId: input.orgId,
          interviewId: input.interviewId,
          storageKey,
          fileName: cleanFileName(input.fileName, file.type.extension, input.fallbackName),
          contentType: file.type.mime,
          sizeBytes: BigInt(file.sizeBytes),
          sha256: file.sha256,
          uploadedById: input.uploadedById,
        },
      })
      await enqueueJob(tx, {
        kind: transcriptionJobKind,
        key: transcriptionJobKey(created.id),
        orgId: input.orgId,
        payload: { recordingId: created.id, engine: input.engine },
      })
      await input.record(tx, created, file)
      return created
    })
    announceJobs()
    return { recording, file }
  } catch (error) {
    await blobs.delete(storageKey)
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'This interview already has a recording. Delete it before uploading another.')
    throw error
  }
}

/** Deletes the recording and what was made from it (its transcript and the analyses of that transcript). */
export async function deleteRecording(db: Database, blobs: BlobStore, access: Access, audit: AuditContext, input: { interviewId: string }) {
  const interview = await findInterview(db, access, input.interviewId)
  const recording = await db.prisma.recording.findUnique({ where: { interviewId: interview.id } })
  if (!recording) throw new AppError('NOT_FOUND', 'This interview has no recording.')
  await db.prisma.$transaction(async (tx) => {
    const transcript = await tx.transcript.findUnique({ where: { recordingId: recording.id }, select: { id: true } })
    if (transcript) {
      await tx.transcript.delete({ where: { id: transcript.id } })
      await tx.analysis.deleteMany({ where: { interviewId: interview.id } })
    }
    await tx.backgroundJob.deleteMany({ where: { key: transcriptionJobKey(recording.id), status: { not: 'RUNNING' } } })
    await tx.recording.delete({ where: { id: recording.id } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'recording.deleted',
      targets: [{ type: 'interview', id: interview.id }, { type: 'recording', id: recording.id }],
      metadata: { sha256: recording.sha256, transcriptDeleted: Boolean(transcript) },
    })
  })
  // After the commit: a failed delete leaves an orphan file, never a row without its file.
  await blobs.delete(recording.storageKey)
  return { deleted: true }
}

/**
 * The recording's metadata for the player (`recordings.read`, and a role
 * whose visibility includes recordings: read-only support access does not).
 */
export async function findRecording(db: Database, access: Access, interviewId: string) {
  const interview = await findInterview(db, access, interviewId)
  if (!access.visibility.seeRecordings) throw new AppError('FORBIDDEN', 'Your role does not include listening to recordings.')
  const recording = await db.prisma.recording.findUnique({ where: { interviewId: interview.id } })
  if (!recording) throw new AppError('NOT_FOUND', 'This interview has no recording.')
  return { id: recording.id, fileName: recording.fileName, contentType: recording.contentType, sizeBytes: Number(recording.sizeBytes), createdAt: recording.createdAt }
}
