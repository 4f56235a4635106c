import { permissionProcedure } from '../../procedures'
import { getInterview } from '../../../services/interviews/interviews'
import { getInterviewInput } from './interview.schema'

/** The interview with its transcript (searchable), for members who may read transcripts. */
export const getInterviewProcedure = permissionProcedure('transcripts.read')
  .input(getInterviewInput)
  .query(({ ctx, input }) => getInterview(ctx.db, ctx.access, input))
