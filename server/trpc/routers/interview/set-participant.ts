import { permissionProcedure } from '../../procedures'
import { setParticipant } from '../../../services/interviews/participants'
import { setParticipantInput } from './interview.schema'

export const setParticipantProcedure = permissionProcedure('interviews.update')
  .input(setParticipantInput)
  .mutation(({ ctx, input }) => setParticipant(ctx.db, ctx.access, ctx.audit, input))
