import { permissionProcedure } from '../../procedures'
import { cancelMeetingBot } from '../../../services/meeting-bot/bots'
import { meetingBotInterviewInput } from './meeting-bot.schema'

export const cancelMeetingBotProcedure = permissionProcedure('recordings.upload')
  .input(meetingBotInterviewInput)
  .mutation(({ ctx, input }) => cancelMeetingBot(ctx.db, ctx.access, ctx.audit, input))
