import { permissionProcedure } from '../../procedures'
import { getSecuritySettings } from '../../../services/orgs/security-settings'

export const getSecuritySettingsProcedure = permissionProcedure('org.read').query(({ ctx }) => getSecuritySettings(ctx.db, ctx.org.id))
