import { permissionProcedure } from '../../procedures'
import { createPrivacyRequest } from '../../../services/privacy/requests'
import { createPrivacyRequestInput } from './privacy.schema'

export const createPrivacyRequestProcedure = permissionProcedure('privacy_requests.manage')
  .input(createPrivacyRequestInput)
  .mutation(({ ctx, input }) => createPrivacyRequest(ctx.db, ctx.access, ctx.audit, input))
