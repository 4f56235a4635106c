import { authedProcedure } from '../../procedures'
import { renameAccount } from '../../../services/accounts/account-name'
import { renameAccountInput } from './rename-account.schema'

export const renameAccountProcedure = authedProcedure
  .input(renameAccountInput)
  .mutation(({ ctx, input }) => renameAccount(ctx.db, ctx.user.id, ctx.audit, input.name))
