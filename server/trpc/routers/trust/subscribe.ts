import { publicProcedure } from '../../procedures'
import { requestSubscription } from '../../../services/trust/subscriptions'
import { subscribeInput } from './subscription.schema'

/** Public: asks for sub-processor notices; sends a confirmation link (double opt-in). */
export const subscribeProcedure = publicProcedure.input(subscribeInput).mutation(async ({ ctx, input }) => {
  await requestSubscription(ctx.db, { email: input.email, ip: ctx.meta.ip, appUrl: ctx.env.appUrl })
  return { requested: true }
})
