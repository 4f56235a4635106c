import { z } from 'zod'
import { byteStream } from '../interview/interview.schema'
import { videoQuestionLimits } from '../../../services/video-interviews/question-drafts'
import { videoInterviewDefaults, videoInterviewLimits } from '../../../services/video-interviews/invitations'

const id = z.string().min(1).max(40)
const { minQuestions, maxQuestions, minChars, maxChars } = videoQuestionLimits
const whole = (what: string, { min, max }: { min: number; max: number }) =>
  z.coerce.number({ invalid_type_error: `Enter ${what} as a number` }).int(`Whole ${what}`).min(min, `At least ${min} ${what}`).max(max, `At most ${max} ${what}`)

export const createVideoInterviewInput = z.object({
  applicationId: id,
  title: z.string().trim().min(1, 'Name the interview, e.g. “Video interview”').max(160, 'At most 160 characters'),
  questions: z
    .array(z.string().trim().min(minChars, `Each question needs at least ${minChars} characters`).max(maxChars, `At most ${maxChars} characters per question`))
    .min(minQuestions, 'Add at least one question')
    .max(maxQuestions, `At most ${maxQuestions} questions`),
  answerSeconds: whole('seconds', videoInterviewLimits.answerSeconds).default(videoInterviewDefaults.answerSeconds),
  maxTakes: whole('takes', videoInterviewLimits.maxTakes).default(videoInterviewDefaults.maxTakes),
  linkDays: whole('days', videoInterviewLimits.linkDays).default(videoInterviewDefaults.linkDays),
})
export const draftVideoQuestionsInput = z.object({ applicationId: id })
export const videoInterviewIdInput = z.object({ interviewId: id })
export const renewVideoInterviewLinkInput = z.object({ interviewId: id, linkDays: whole('days', videoInterviewLimits.linkDays).default(videoInterviewDefaults.linkDays) })
export const videoAnswerInput = z.object({ interviewId: id, takeId: id })

// The candidate's side, authenticated by the link's token.
const token = z.string().trim().min(20, 'This video interview link is not valid.').max(100, 'This video interview link is not valid.')
const language = z.enum(['en', 'tr'], { message: 'Choose English or Turkish' })
export const candidateVideoPageInput = z.object({ token, language: language.optional() })
export const answerVideoConsentInput = z.object({
  token,
  language,
  version: z.string().regex(/^[0-9a-f]{64}$/, 'The notice version is not valid.'),
  answers: z.object({ RECORDING: z.boolean().optional(), AI_ANALYSIS: z.boolean().optional(), TRANSFER_ABROAD: z.boolean().optional() }).strict(),
})
export const recordVideoTakeInput = z.object({
  token,
  questionId: id,
  /** As the browser measured it; informative only. */
  durationMs: z.number().int().min(0).max(3_600_000).optional(),
  declaredBytes: z.number().int().min(0).optional(),
  body: byteStream,
})
export const submitVideoInterviewInput = z.object({ token, choices: z.record(id, id).default({}) })
export const candidateVideoTakeInput = z.object({ token, takeId: id })
