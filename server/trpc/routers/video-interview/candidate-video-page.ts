import { publicProcedure } from '../../procedures'
import { candidateVideoPage } from '../../../services/video-interviews/candidate'
import { candidateVideoPageInput } from './video-interview.schema'

/** Public: the candidate's side of a video interview, authenticated by the token of their link (the other candidate procedures likewise). */
export const candidateVideoPageProcedure = publicProcedure
  .input(candidateVideoPageInput)
  .query(({ ctx, input }) => candidateVideoPage(ctx.db, input))
