import { permissionProcedure } from '../../procedures'
import { liftProcessingRestriction } from '../../../services/privacy/requests'
import { liftRestrictionInput } from './privacy.schema'

export const liftRestrictionProcedure = permissionProcedure('privacy_requests.manage')
  .input(liftRestrictionInput)
  .mutation(({ ctx, input }) => liftProcessingRestriction(ctx.db, ctx.access, ctx.audit, input))
