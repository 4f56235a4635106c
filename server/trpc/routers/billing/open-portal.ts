import { permissionProcedure } from '../../procedures'
import { openPortal } from '../../../services/billing/billing'

/** A Stripe customer-portal page for the card, invoices and cancellation. */
export const openPortalProcedure = permissionProcedure('billing.manage').mutation(({ ctx }) =>
  openPortal(ctx.db, ctx.env.stripe, ctx.access, ctx.audit, ctx.env.appUrl),
)
