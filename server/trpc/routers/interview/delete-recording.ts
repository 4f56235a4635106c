import { permissionProcedure } from '../../procedures'
import { deleteRecording } from '../../../services/interviews/recordings'
import { interviewIdInput } from './interview.schema'

export const deleteRecordingProcedure = permissionProcedure('recordings.delete')
  .input(interviewIdInput)
  .mutation(({ ctx, input }) => deleteRecording(ctx.db, ctx.blobs, ctx.access, ctx.audit, input))
