import { permissionProcedure } from '../../procedures'
import { sendMeetingBot } from '../../../services/meeting-bot/bots'
import { meetingBotInterviewInput } from './meeting-bot.schema'

/** Sends the recorder to the interview's meeting link; the provider is called by a background job. */
export const sendMeetingBotProcedure = permissionProcedure('recordings.upload')
  .input(meetingBotInterviewInput)
  .mutation(({ ctx, input }) => sendMeetingBot(ctx.db, ctx.env.meetingBot, ctx.access, ctx.audit, input))
