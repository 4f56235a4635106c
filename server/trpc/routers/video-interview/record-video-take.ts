import { publicProcedure } from '../../procedures'
import { recordTake } from '../../../services/video-interviews/candidate'
import { recordVideoTakeInput } from './video-interview.schema'

export const recordVideoTakeProcedure = publicProcedure
  .input(recordVideoTakeInput)
  .mutation(({ ctx, input }) => recordTake(ctx.db, ctx.blobs, { ...input, maxBytes: ctx.env.RECORDING_MAX_MB * 1024 * 1024 }))
