import { publicProcedure } from '../../procedures'
import { candidateTakeFile } from '../../../services/video-interviews/candidate'
import { candidateVideoTakeInput } from './video-interview.schema'

export const candidateVideoTakeProcedure = publicProcedure
  .input(candidateVideoTakeInput)
  .query(({ ctx, input }) => candidateTakeFile(ctx.db, input))
