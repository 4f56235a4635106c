import { staffProcedure } from '../../procedures'
import { listMySupportGrants } from '../../../services/support/support-access'

export const listMySupportGrantsProcedure = staffProcedure.query(({ ctx }) => listMySupportGrants(ctx.db, ctx.user.id))
