import { permissionProcedure } from '../../procedures'
import { meetingInbox } from '../../../services/meetings/inbox'

/** Recruiters need the address to add it to their invites, and see what it received. */
export const getMeetingInboxProcedure = permissionProcedure('interviews.create').query(({ ctx }) =>
  meetingInbox(ctx.db, ctx.access, ctx.env.INBOUND_EMAIL_DOMAIN && ctx.env.MAILGUN_WEBHOOK_SIGNING_KEY ? ctx.env.INBOUND_EMAIL_DOMAIN : null),
)
