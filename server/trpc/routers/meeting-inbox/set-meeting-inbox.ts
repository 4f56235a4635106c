import { permissionProcedure } from '../../procedures'
import { setMeetingInbox } from '../../../services/meetings/inbox'
import { setMeetingInboxInput } from './meeting-inbox.schema'

export const setMeetingInboxProcedure = permissionProcedure('org.update')
  .input(setMeetingInboxInput)
  .mutation(({ ctx, input }) =>
    setMeetingInbox(ctx.db, ctx.access, ctx.audit, input, ctx.env.INBOUND_EMAIL_DOMAIN && ctx.env.MAILGUN_WEBHOOK_SIGNING_KEY ? ctx.env.INBOUND_EMAIL_DOMAIN : null),
  )
