import { permissionProcedure } from '../../procedures'
import { listDeliveryProblems } from '../../../services/mail/delivery-problems'

/** Emails of the organization still being retried or given up on (admins: they hold recipients' addresses). */
export const listDeliveryProblemsProcedure = permissionProcedure('org.update').query(({ ctx }) => listDeliveryProblems(ctx.db, ctx.access))
