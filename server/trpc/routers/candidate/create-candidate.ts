import { permissionProcedure } from '../../procedures'
import { createCandidate } from '../../../services/candidates/candidates'
import { createCandidateInput } from './create-candidate.schema'
import { track } from '../../../providers/analytics'

export const createCandidateProcedure = permissionProcedure('candidates.create')
  .input(createCandidateInput)
  .mutation(async ({ ctx, input }) => {
    const candidate = await createCandidate(ctx.db, ctx.access, ctx.audit, input)
    track(ctx, 'candidate_added', { forJob: Boolean(input.jobId) })
    return { id: candidate.id }
  })
