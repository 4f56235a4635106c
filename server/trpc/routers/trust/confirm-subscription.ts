import { publicProcedure } from '../../procedures'
import { confirmSubscription } from '../../../services/trust/subscriptions'
import { subscriptionTokenInput } from './subscription.schema'

export const confirmSubscriptionProcedure = publicProcedure.input(subscriptionTokenInput).mutation(async ({ ctx, input }) => {
  return { email: await confirmSubscription(ctx.db, input.token) }
})
