import { permissionProcedure } from '../../procedures'
import { getCandidate } from '../../../services/candidates/candidates'
import { candidateIdInput } from './candidate-id.schema'

export const getCandidateProcedure = permissionProcedure('candidates.read')
  .input(candidateIdInput)
  .query(({ ctx, input }) => getCandidate(ctx.db, ctx.access, input.candidateId))
