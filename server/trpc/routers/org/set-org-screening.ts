import { permissionProcedure } from '../../procedures'
import { setOrgScreening } from '../../../services/interviews/screening'
import { setOrgScreeningInput } from '../job/screening.schema'

export const setOrgScreeningProcedure = permissionProcedure('org.update')
  .input(setOrgScreeningInput)
  .mutation(({ ctx, input }) => setOrgScreening(ctx.db, ctx.access, ctx.audit, input.anonymised))
