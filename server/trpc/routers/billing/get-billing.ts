import { permissionProcedure } from '../../procedures'
import { getBilling } from '../../../services/billing/billing'

/** The plan, the Stripe subscription as last applied, and whether online billing is available here. */
export const getBillingProcedure = permissionProcedure('billing.manage').query(({ ctx }) =>
  getBilling(ctx.db, ctx.env.stripe, ctx.org.id),
)
