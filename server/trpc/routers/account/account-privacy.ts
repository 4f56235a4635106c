import { authedProcedure } from '../../procedures'
import { accountDeletionStatus } from '../../../services/accounts/account-deletion'

/** The signed-in user's own privacy page: their name, how they confirm a deletion, and what stands in its way. */
export const accountPrivacyProcedure = authedProcedure.query(async ({ ctx }) => ({
  name: ctx.user.name,
  ...(await accountDeletionStatus(ctx.db, ctx.user.id)),
}))
