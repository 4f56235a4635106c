import { permissionProcedure } from '../../procedures'
import { orgScreening } from '../../../services/interviews/screening'

export const getOrgScreeningProcedure = permissionProcedure('jobs.read').query(({ ctx }) => orgScreening(ctx.db, ctx.access))
