import { permissionProcedure } from '../../procedures'
import { listCvs } from '../../../services/candidates/cv'
import { candidateIdInput } from './candidate-id.schema'

export const listCvsProcedure = permissionProcedure('candidates.read')
  .input(candidateIdInput)
  .query(({ ctx, input }) => listCvs(ctx.db, ctx.access, input.candidateId))
