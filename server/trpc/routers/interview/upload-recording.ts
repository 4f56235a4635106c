import { permissionProcedure } from '../../procedures'
import { uploadRecording } from '../../../services/interviews/recordings'
import { uploadRecordingInput } from './interview.schema'

/** Called by the upload route with the request body as a stream (app/routes/app.interviews.$interviewId.recording.ts). */
export const uploadRecordingProcedure = permissionProcedure('recordings.upload')
  .input(uploadRecordingInput)
  .mutation(({ ctx, input }) =>
    uploadRecording(ctx.db, ctx.blobs, ctx.access, ctx.audit, { ...input, maxBytes: ctx.env.RECORDING_MAX_MB * 1024 * 1024 }),
  )
