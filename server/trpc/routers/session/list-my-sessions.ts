import { authedProcedure } from '../../procedures'
import { listOwnSessions } from '../../../services/sessions/sessions'

export const listMySessionsProcedure = authedProcedure.query(({ ctx }) => listOwnSessions(ctx.db, ctx.user, ctx.session.id))
