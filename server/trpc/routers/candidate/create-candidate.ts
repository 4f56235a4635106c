import { permissionProcedure } from '../../procedures'
import { createCandidate } from '../../../services/candidates/candidates'
import { createCandidateInput } from './create-candidate.schema'

export const createCandidateProcedure = permissionProcedure('candidates.create')
  .input(createCandidateInput)
  .mutation(async ({ ctx, input }) => {
    const candidate = await createCandidate(ctx.db, ctx.access, ctx.audit, input)
    return { id: candidate.id }
  })
