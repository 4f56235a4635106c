import { platformAdminProcedure } from '../../procedures'
import { setPlanByPlatformAdmin } from '../../../services/billing/platform-plans'
import { setPlanInput } from './set-plan.schema'

/** Sets an organization's plan by hand (no Stripe subscription decides it); in the platform trail and the organization's log. */
export const setPlanProcedure = platformAdminProcedure
  .input(setPlanInput)
  .mutation(({ ctx, input }) => setPlanByPlatformAdmin(ctx.db, ctx.platformActor, input))
