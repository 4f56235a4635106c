/** Transcription runs as a durable background job, one per recording (server/jobs). */
export const transcriptionJobKind = 'transcribe-recording'
export const transcriptionJobKey = (recordingId: string) => `transcribe:${recordingId}`
