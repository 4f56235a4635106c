import { permissionProcedure } from '../../procedures'
import { transcriptionEngines } from '../../../services/interviews/transcription-job'

/** Which speech-to-text engines this installation offers, and why the others are not (for the upload form). */
export const transcriptionEnginesProcedure = permissionProcedure('recordings.upload').query(({ ctx }) => transcriptionEngines(ctx.env))
