import { permissionProcedure } from '../../procedures'
import { applicationHistory } from '../../../services/pipeline/pipeline'
import { applicationIdInput } from './application.schema'

export const applicationHistoryProcedure = permissionProcedure('decisions.read')
  .input(applicationIdInput)
  .query(({ ctx, input }) => applicationHistory(ctx.db, ctx.access, input.applicationId))
