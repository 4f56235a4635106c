import { permissionProcedure } from '../../procedures'
import { importTranscript } from '../../../services/interviews/interviews'
import { importTranscriptInput } from './interview.schema'
import { track } from '../../../providers/analytics'

export const importTranscriptProcedure = permissionProcedure('recordings.upload')
  .input(importTranscriptInput)
  .mutation(async ({ ctx, input }) => {
    const imported = await importTranscript(ctx.db, ctx.access, ctx.audit, input)
    track(ctx, 'transcript_imported', { format: input.format ?? 'auto', segments: imported.segments })
    return imported
  })
