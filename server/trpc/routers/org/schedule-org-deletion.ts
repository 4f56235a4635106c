import { permissionProcedure } from '../../procedures'
import { scheduleOrganizationDeletion } from '../../../services/org-deletion/schedule'
import { scheduleOrgDeletionInput } from './org-deletion.schema'

export const scheduleOrgDeletionProcedure = permissionProcedure('org.delete')
  .input(scheduleOrgDeletionInput)
  .mutation(({ ctx, input }) => scheduleOrganizationDeletion(ctx.db, ctx.access, ctx.audit, input, ctx.env.appUrl))
