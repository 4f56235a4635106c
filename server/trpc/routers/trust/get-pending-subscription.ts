import { publicProcedure } from '../../procedures'
import { findPendingSubscription } from '../../../services/trust/subscriptions'
import { AppError } from '../../../errors'
import { subscriptionTokenInput } from './subscription.schema'

export const getPendingSubscriptionProcedure = publicProcedure.input(subscriptionTokenInput).query(async ({ ctx, input }) => {
  const pending = await findPendingSubscription(ctx.db, input.token)
  if (!pending) throw new AppError('NOT_FOUND', 'This confirmation link is invalid or has expired. Subscribe again to get a new one.')
  return { email: pending.email }
})
