import { permissionProcedure } from '../../procedures'
import { submitScorecard } from '../../../services/interviews/scorecards'
import { submitScorecardInput } from './scorecard.schema'

export const submitScorecardProcedure = permissionProcedure('scorecards.write')
  .input(submitScorecardInput)
  .mutation(({ ctx, input }) => submitScorecard(ctx.db, ctx.access, ctx.audit, input))
