import { permissionProcedure } from '../../procedures'
import { submitScorecard } from '../../../services/interviews/scorecards'
import { submitScorecardInput } from './scorecard.schema'
import { track } from '../../../providers/analytics'

export const submitScorecardProcedure = permissionProcedure('scorecards.write')
  .input(submitScorecardInput)
  .mutation(async ({ ctx, input }) => {
    const scorecard = await submitScorecard(ctx.db, ctx.access, ctx.audit, input)
    const { recommendation, ratings } = input
    track(ctx, 'scorecard_submitted', { recommendation, ratings: ratings.length, revised: scorecard.revised })
    return scorecard
  })
