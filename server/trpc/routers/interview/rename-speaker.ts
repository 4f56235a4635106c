import { permissionProcedure } from '../../procedures'
import { renameSpeaker } from '../../../services/interviews/interviews'
import { renameSpeakerInput } from './interview.schema'

export const renameSpeakerProcedure = permissionProcedure('transcripts.update')
  .input(renameSpeakerInput)
  .mutation(({ ctx, input }) => renameSpeaker(ctx.db, ctx.access, ctx.audit, input))
