import { permissionProcedure } from '../../procedures'
import { listParticipants } from '../../../services/interviews/participants'
import { interviewIdInput } from './interview.schema'

export const listParticipantsProcedure = permissionProcedure('interviews.read')
  .input(interviewIdInput)
  .query(({ ctx, input }) => listParticipants(ctx.db, ctx.access, input.interviewId))
