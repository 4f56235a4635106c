import { permissionProcedure } from '../../procedures'
import { decideApplication } from '../../../services/pipeline/pipeline'
import { decideApplicationInput } from './application.schema'

/** A person's decision (advance, move, reject, hire) with a reason; see server/services/pipeline. */
export const decideApplicationProcedure = permissionProcedure('decisions.make')
  .input(decideApplicationInput)
  .mutation(({ ctx, input }) => decideApplication(ctx.db, ctx.access, ctx.audit, input))
