import { permissionProcedure } from '../../procedures'
import { uploadCv } from '../../../services/candidates/cv'
import { uploadCvInput } from './cv.schema'

/** Called by the CV upload route with the request body as a stream. */
export const uploadCvProcedure = permissionProcedure('candidates.create')
  .input(uploadCvInput)
  .mutation(({ ctx, input }) => uploadCv(ctx.db, ctx.blobs, ctx.access, ctx.audit, { ...input, maxBytes: ctx.env.CV_MAX_MB * 1024 * 1024 }))
