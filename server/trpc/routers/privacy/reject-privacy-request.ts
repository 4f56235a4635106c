import { permissionProcedure } from '../../procedures'
import { rejectPrivacyRequest } from '../../../services/privacy/requests'
import { rejectPrivacyRequestInput } from './privacy.schema'

export const rejectPrivacyRequestProcedure = permissionProcedure('privacy_requests.manage')
  .input(rejectPrivacyRequestInput)
  .mutation(({ ctx, input }) => rejectPrivacyRequest(ctx.db, ctx.access, ctx.audit, input))
