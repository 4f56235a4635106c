import { permissionProcedure } from '../../procedures'
import { startCheckout } from '../../../services/billing/billing'

/** A Stripe Checkout page for the Enterprise plan; the plan changes when Stripe's webhook reports the payment. */
export const startCheckoutProcedure = permissionProcedure('billing.manage').mutation(({ ctx }) =>
  startCheckout(ctx.db, ctx.env.stripe, ctx.access, ctx.audit, ctx.env.appUrl),
)
