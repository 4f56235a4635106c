import { platformAdminProcedure } from '../../procedures'
import { listOrganizationsForPlatform } from '../../../services/billing/platform-plans'
import { listOrganizationsInput } from './list-organizations.schema'

/** Organizations with their plan (name, slug, id or Stripe customer search; newest 50): no tenant data. */
export const listOrganizationsProcedure = platformAdminProcedure
  .input(listOrganizationsInput)
  .query(({ ctx, input }) => listOrganizationsForPlatform(ctx.db, input))
