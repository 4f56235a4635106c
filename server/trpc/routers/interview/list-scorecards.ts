import { permissionProcedure } from '../../procedures'
import { listScorecards } from '../../../services/interviews/scorecards'
import { interviewIdInput } from './interview.schema'

/** Everyone's scorecards with scorecards.read; otherwise only one's own. */
export const listScorecardsProcedure = permissionProcedure('interviews.read')
  .input(interviewIdInput)
  .query(({ ctx, input }) => listScorecards(ctx.db, ctx.access, input.interviewId))
