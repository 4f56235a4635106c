import { z } from 'zod'

export const meetingBotInterviewInput = z.object({ interviewId: z.string().min(1).max(40) })
