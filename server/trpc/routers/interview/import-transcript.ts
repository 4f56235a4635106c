import { permissionProcedure } from '../../procedures'
import { importTranscript } from '../../../services/interviews/interviews'
import { importTranscriptInput } from './interview.schema'

export const importTranscriptProcedure = permissionProcedure('recordings.upload')
  .input(importTranscriptInput)
  .mutation(({ ctx, input }) => importTranscript(ctx.db, ctx.access, ctx.audit, input))
