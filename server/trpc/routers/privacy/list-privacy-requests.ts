import { permissionProcedure } from '../../procedures'
import { listPrivacyRequests } from '../../../services/privacy/requests'

export const listPrivacyRequestsProcedure = permissionProcedure('privacy_requests.manage').query(({ ctx }) => listPrivacyRequests(ctx.db, ctx.access))
