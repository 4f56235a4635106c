import { publicProcedure } from '../../procedures'
import { unsubscribe } from '../../../services/trust/subscriptions'
import { subscriptionTokenInput } from './subscription.schema'

export const unsubscribeProcedure = publicProcedure.input(subscriptionTokenInput).mutation(async ({ ctx, input }) => {
  await unsubscribe(ctx.db, input.token)
  return { unsubscribed: true }
})
