import { permissionProcedure } from '../../procedures'
import { retryTranscription } from '../../../services/interviews/progress'
import { interviewIdInput } from './interview.schema'

export const retryTranscriptionProcedure = permissionProcedure('recordings.upload')
  .input(interviewIdInput)
  .mutation(({ ctx, input }) => retryTranscription(ctx.db, ctx.access, ctx.audit, input.interviewId))
