import { permissionProcedure } from '../../procedures'
import { getOrganizationDeletion } from '../../../services/org-deletion/schedule'

/** Whether and when the organization is to be deleted; members with org.read may know. */
export const getOrgDeletionProcedure = permissionProcedure('org.read').query(({ ctx }) => getOrganizationDeletion(ctx.db, ctx.access))
