import { z } from 'zod'
import type { Env } from '../../env'
import type { BlobStore } from '../../storage'
import { appendAuditEvent, systemAuditContext } from '../../audit/append'
import { JobError } from '../../jobs/queue'
import { auditFinalFailure } from './job-failures'
import { processingBlock } from '../privacy/processing'
import type { JobHandler } from '../../jobs/worker'
import { availableEngines, engineById, type EngineId, type EnginesConfig, type EngineStatus } from '../../transcription/engines'
import { TranscriptionError } from '../../transcription/types'
import { mayStartAnalyses, queueAnalysis } from './analysis-job'

/**
 * Transcription runs as a durable background job, one per recording: the job
 * key is the recording, and the transcript row is unique per recording, so a
 * retried or taken-over job can never produce a second transcript.
 */
export const transcriptionJobKind = 'transcribe-recording'
export const transcriptionJobKey = (recordingId: string) => `transcribe:${recordingId}`

const payloadSchema = z.object({ recordingId: z.string().min(1), engine: z.enum(['openai', 'assemblyai', 'local']).optional() })

export function enginesConfigFrom(env: Env): EnginesConfig {
  return {
    openai: env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_TRANSCRIPTION_MODEL } : undefined,
    assemblyai: env.ASSEMBLYAI_API_KEY ? { apiKey: env.ASSEMBLYAI_API_KEY, baseUrl: env.ASSEMBLYAI_BASE_URL } : undefined,
    timeoutMs: env.PROVIDER_TIMEOUT_MS,
  }
}

/** Every engine with whether it can be used here and, if not, why (for the upload form). */
export function transcriptionEngines(env: Env): Promise<EngineStatus[]> {
  return availableEngines(enginesConfigFrom(env))
}

export function transcribeRecordingHandler(deps: { env: Env; blobs: BlobStore }): JobHandler {
  return async ({ job, db, signal, progress, commit }) => {
    const payload = payloadSchema.parse(job.payload)
    const recording = await db.prisma.recording.findUnique({ where: { id: payload.recordingId } })
    // Deleted since it was queued: nothing left to transcribe.
    if (!recording) return
    const targets = [
      { type: 'interview', id: recording.interviewId },
      { type: 'recording', id: recording.id },
    ]
    try {
      const interview = await db.prisma.interview.findUniqueOrThrow({ where: { id: recording.interviewId }, select: { application: { select: { candidateId: true } } } })
      const blocked = await processingBlock(db.prisma, interview.application.candidateId, 'recording')
      if (blocked) throw new JobError(blocked, false)
      const config = enginesConfigFrom(deps.env)
      const engineId: EngineId | undefined = payload.engine ?? (await availableEngines(config)).find((e) => e.available)?.id
      if (!engineId) {
        throw new JobError('No transcription engine is available: install pocketsphinx and sox, or configure OpenAI or AssemblyAI.', false)
      }
      await progress(1, 'Starting transcription')
      const engine = await engineById(config, engineId)
      const result = await deps.blobs.withLocalFile(recording.storageKey, (filePath) =>
        engine.transcribe({
          filePath,
          contentType: recording.contentType,
          fileName: recording.fileName,
          signal,
          onProgress: (percent, note) => void progress(Math.min(95, percent), note).catch(() => undefined),
        }),
      )
      if (result.segments.length === 0) throw new JobError('No speech was recognised in the recording.', false)

      await commit(async (tx) => {
        // The recording may have been deleted while it was being transcribed.
        if (!(await tx.recording.findUnique({ where: { id: recording.id }, select: { id: true } }))) return null
        const earlier = await tx.transcript.findUnique({ where: { interviewId: recording.interviewId }, select: { id: true } })
        if (earlier) {
          await tx.transcript.delete({ where: { id: earlier.id } })
          await tx.analysis.deleteMany({ where: { interviewId: recording.interviewId } })
        }
        const transcript = await tx.transcript.create({
          data: {
            orgId: recording.orgId,
            interviewId: recording.interviewId,
            recordingId: recording.id,
            source: `transcription:${result.engine}`,
            model: result.model,
          },
        })
        await tx.transcriptSegment.createMany({
          data: result.segments.map((s, index) => ({ transcriptId: transcript.id, index, speaker: s.speaker, startMs: s.startMs, endMs: s.endMs, text: s.text })),
        })
        await appendAuditEvent(tx, systemAuditContext(`job:${job.id}`), {
          orgId: recording.orgId,
          action: 'transcription.completed',
          targets,
          metadata: {
            engine: result.engine,
            model: result.model,
            segments: result.segments.length,
            speakers: new Set(result.segments.map((s) => s.speaker)).size,
            replaced: Boolean(earlier),
          },
        })
        // The analysis follows on its own, for whoever uploaded the recording, when the job has a rubric
        // and they may still start analyses.
        if (await mayStartAnalyses(tx, recording.orgId, recording.uploadedById)) {
          await queueAnalysis(tx, { interviewId: recording.interviewId, orgId: recording.orgId, requestedById: recording.uploadedById })
        }
      })
    } catch (error) {
      const jobError = error instanceof TranscriptionError ? new JobError(error.message, error.retryable) : error
      if (!signal.aborted) await auditFinalFailure(db, job, jobError, 'transcription.failed', targets)
      throw jobError
    }
  }
}
