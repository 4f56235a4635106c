import { z } from 'zod'
import type { Env } from '../../env'
import type { BlobStore } from '../../storage'
import { appendAuditEvent, systemAuditContext } from '../../audit/append'
import { JobError } from '../../jobs/queue'
import type { JobHandler } from '../../jobs/worker'
import { availableEngines, engineById, type EngineId } from '../../transcription/engines'
import { TranscriptionError, type Segment } from '../../transcription/types'
import { processingBlock } from '../privacy/processing'
import { auditFinalFailure } from '../interviews/job-failures'
import { enginesConfigFrom } from '../interviews/transcription-job'
import { mayStartAnalyses, queueAnalysis } from '../interviews/analysis-job'
import { extensionOf } from './invitations'

/**
 * Turns a submitted video interview into its interview's one transcript: each
 * question as an "Interviewer" segment, followed by the candidate's answer as
 * transcribed (every voice in an answer is the candidate's: "Candidate"). The
 * answers are laid end to end, so times run through the whole interview. The
 * analysis then follows for whoever sent the interview, citing the
 * candidate's lines only. Only speech is read: nothing is inferred from faces,
 * voices or expressions.
 */
export const interviewerLabel = 'Interviewer'
export const candidateLabel = 'Candidate'
/** The pause laid between one answer and the next question on the joined timeline. */
const gapMs = 1_000

const payloadSchema = z.object({ videoInterviewId: z.string().min(1) })

export function transcribeVideoInterviewHandler(deps: { env: Env; blobs: BlobStore }): JobHandler {
  return async ({ job, db, signal, progress, commit }) => {
    const { videoInterviewId } = payloadSchema.parse(job.payload)
    const video = await db.prisma.videoInterview.findUnique({
      where: { id: videoInterviewId },
      include: {
        questions: { orderBy: { position: 'asc' } },
        takes: { where: { status: 'SUBMITTED' } },
        interview: { select: { id: true, application: { select: { candidateId: true } } } },
      },
    })
    // Erased or deleted since it was queued: nothing left to transcribe.
    if (!video) return
    const targets = [{ type: 'interview', id: video.interviewId }]
    try {
      const blocked = await processingBlock(db.prisma, video.interview.application.candidateId, 'recording')
      if (blocked) throw new JobError(blocked, false)
      const config = enginesConfigFrom(deps.env)
      const engineId: EngineId | undefined = (await availableEngines(config)).find((e) => e.available)?.id
      if (!engineId) throw new JobError('No transcription engine is available: install pocketsphinx and sox, or configure OpenAI or AssemblyAI.', false)
      const engine = await engineById(config, engineId)

      const segments: Segment[] = []
      let offsetMs = 0
      let model: string | undefined
      let answered = 0
      for (const [index, question] of video.questions.entries()) {
        const take = video.takes.find((t) => t.questionId === question.id)
        if (!take) continue
        const share = (done: number) => Math.round(((index + done) / video.questions.length) * 95)
        await progress(Math.max(1, share(0)), `Transcribing answer ${index + 1} of ${video.questions.length}`)
        const result = await deps.blobs.withLocalFile(take.storageKey, (filePath) =>
          engine.transcribe({
            filePath,
            contentType: take.contentType,
            fileName: `answer-${index + 1}.${extensionOf(take.contentType)}`,
            signal,
            onProgress: (percent) => void progress(share(percent / 100), `Transcribing answer ${index + 1} of ${video.questions.length}`).catch(() => undefined),
          }),
        )
        model = result.model
        const questionMs = 2_000
        segments.push({ speaker: interviewerLabel, startMs: offsetMs, endMs: offsetMs + questionMs, text: question.prompt })
        offsetMs += questionMs
        for (const s of result.segments) segments.push({ speaker: candidateLabel, startMs: offsetMs + s.startMs, endMs: offsetMs + s.endMs, text: s.text })
        if (result.segments.length) answered++
        const lastEnd = result.segments.at(-1)?.endMs ?? 0
        offsetMs += Math.max(result.durationMs ?? 0, take.durationMs ?? 0, lastEnd) + gapMs
      }
      if (answered === 0) throw new JobError('No speech was recognised in any of the answers.', false)

      await commit(async (tx) => {
        const earlier = await tx.transcript.findUnique({ where: { interviewId: video.interviewId }, select: { id: true } })
        if (earlier) {
          await tx.transcript.delete({ where: { id: earlier.id } })
          await tx.analysis.deleteMany({ where: { interviewId: video.interviewId } })
        }
        const transcript = await tx.transcript.create({
          data: { orgId: video.orgId, interviewId: video.interviewId, source: `transcription:${engineId}`, model },
        })
        await tx.transcriptSegment.createMany({ data: segments.map((s, index) => ({ transcriptId: transcript.id, index, ...s })) })
        await appendAuditEvent(tx, systemAuditContext(`job:${job.id}`), {
          orgId: video.orgId,
          action: 'transcription.completed',
          targets,
          metadata: { engine: engineId, model, segments: segments.length, answers: video.takes.length, answersWithSpeech: answered, replaced: Boolean(earlier) },
        })
        if (await mayStartAnalyses(tx, video.orgId, video.createdById)) {
          await queueAnalysis(tx, { interviewId: video.interviewId, orgId: video.orgId, requestedById: video.createdById, candidateSpeaker: candidateLabel })
        }
      })
    } catch (error) {
      const jobError = error instanceof TranscriptionError ? new JobError(error.message, error.retryable) : error
      if (!signal.aborted) await auditFinalFailure(db, job, jobError, 'transcription.failed', targets)
      throw jobError
    }
  }
}
