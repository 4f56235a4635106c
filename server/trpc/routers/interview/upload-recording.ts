import { permissionProcedure } from '../../procedures'
import { uploadRecording } from '../../../services/interviews/recordings'
import { uploadRecordingInput } from './interview.schema'
import { transcriptionEngines } from '../../../services/interviews/transcription-job'
import { track } from '../../../providers/analytics'

/** Called by the upload route with the request body as a stream (app/routes/app.interviews.$interviewId.recording.ts). */
export const uploadRecordingProcedure = permissionProcedure('recordings.upload')
  .input(uploadRecordingInput)
  .mutation(async ({ ctx, input }) => {
    const recording = await uploadRecording(ctx.db, ctx.blobs, ctx.access, ctx.audit, {
      ...input,
      maxBytes: ctx.env.RECORDING_MAX_MB * 1024 * 1024,
      availableEngines: input.engine ? (await transcriptionEngines(ctx.env)).filter((e) => e.available).map((e) => e.id) : undefined,
    })
    track(ctx, 'recording_uploaded', { engine: input.engine ?? 'auto', sizeMb: Math.ceil(recording.sizeBytes / (1024 * 1024)) })
    return recording
  })
