import { permissionProcedure } from '../../procedures'
import { decideApplication } from '../../../services/pipeline/pipeline'
import { decideApplicationInput } from './application.schema'
import { track } from '../../../providers/analytics'

/** A person's decision (advance, move, reject, hire) with a reason; see server/services/pipeline. */
export const decideApplicationProcedure = permissionProcedure('decisions.make')
  .input(decideApplicationInput)
  .mutation(async ({ ctx, input }) => {
    const decision = await decideApplication(ctx.db, ctx.access, ctx.audit, input)
    track(ctx, 'decision_made', { kind: input.kind })
    return decision
  })
