import { permissionProcedure } from '../../procedures'
import { completePrivacyRequest } from '../../../services/privacy/requests'
import { completePrivacyRequestInput } from './privacy.schema'

export const completePrivacyRequestProcedure = permissionProcedure('privacy_requests.manage')
  .input(completePrivacyRequestInput)
  .mutation(({ ctx, input }) => completePrivacyRequest(ctx.db, ctx.blobs, ctx.access, ctx.audit, input))
