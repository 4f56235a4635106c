import { permissionProcedure } from '../../procedures'
import { findRecording } from '../../../services/interviews/recordings'
import { interviewIdInput } from './interview.schema'

/** The recording's metadata and storage key, for the player route that streams it. */
export const getRecordingProcedure = permissionProcedure('recordings.read')
  .input(interviewIdInput)
  .query(({ ctx, input }) => findRecording(ctx.db, ctx.access, input.interviewId))
