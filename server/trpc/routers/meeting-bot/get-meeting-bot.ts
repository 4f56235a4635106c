import { permissionProcedure } from '../../procedures'
import { meetingBotOfInterview } from '../../../services/meeting-bot/bots'
import { meetingBotInterviewInput } from './meeting-bot.schema'

export const getMeetingBotProcedure = permissionProcedure('interviews.read')
  .input(meetingBotInterviewInput)
  .query(({ ctx, input }) => meetingBotOfInterview(ctx.db, ctx.env.meetingBot, ctx.access, input.interviewId))
