import { permissionProcedure } from '../../procedures'
import { cancelOrganizationDeletion } from '../../../services/org-deletion/schedule'

export const cancelOrgDeletionProcedure = permissionProcedure('org.delete').mutation(({ ctx }) =>
  cancelOrganizationDeletion(ctx.db, ctx.access, ctx.audit),
)
