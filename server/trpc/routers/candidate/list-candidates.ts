import { permissionProcedure } from '../../procedures'
import { listCandidates } from '../../../services/candidates/candidates'

export const listCandidatesProcedure = permissionProcedure('candidates.read').query(({ ctx }) =>
  listCandidates(ctx.db, ctx.access),
)
