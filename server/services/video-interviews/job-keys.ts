/** The job that transcribes a submitted video interview's answers into its interview's one transcript. */
export const videoTranscriptionJobKind = 'transcribe-video-interview'
export const videoTranscriptionJobKey = (interviewId: string) => `transcribe-video:${interviewId}`
/** The daily expiry of draft video answers (one job per day for the whole installation). */
export const draftExpiryJobKind = 'expire-draft-video-answers'
export const draftExpiryJobKey = (day: string) => `draft-video-answers:${day}`
