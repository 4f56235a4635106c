import { ActionButton } from '~/components/forms'
import { JobProgress, type InterviewProgress } from '~/components/recording'
import { utcMinute } from '~/utils/dates'

/** A video interview as the interview page shows it (server/services/video-interviews/invitations.ts, videoInterviewForStaff). */
export type StaffVideoInterview = {
  status: 'INVITED' | 'SUBMITTED' | 'CANCELLED'
  expired: boolean
  expiresAt: string
  openedAt: string | null
  submittedAt: string | null
  answerSeconds: number
  maxTakes: number
  drafts: number
  questions: { id: string; position: number; prompt: string; answer: { id: string | null; contentType: string; sizeBytes: number; durationMs: number | null } | null }[]
}

const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`

function stateText(video: StaffVideoInterview) {
  if (video.status === 'SUBMITTED') return `Submitted ${utcMinute(video.submittedAt!)}.`
  if (video.status === 'CANCELLED') return 'Cancelled: the link no longer works.'
  if (video.expired) return `The link expired ${utcMinute(video.expiresAt)} before the candidate submitted.`
  return `Waiting for the candidate${video.openedAt ? ' (they have started recording)' : ''}. The link works until ${utcMinute(video.expiresAt)}.`
}

export function VideoInterviewPanel(props: {
  interviewId: string
  video: StaffVideoInterview
  progress: InterviewProgress
  canManage: boolean
  canRetry: boolean
}) {
  const { video, progress } = props
  return (
    <section className="card" aria-labelledby="video-heading">
      <h2 id="video-heading">Video interview</h2>
      <p>{stateText(video)}</p>
      <p className="hint">
        Up to {Math.round(video.answerSeconds / 60)} min per answer, {video.maxTakes} take{video.maxTakes === 1 ? '' : 's'} per question. Only speech is
        transcribed and analysed; no facial, emotion or voice analysis.
        {video.drafts ? ` ${video.drafts} unsent take${video.drafts === 1 ? '' : 's'}, deleted 7 days after the interview closes.` : ''}
      </p>
      {props.canManage && video.status === 'INVITED' ? (
        <div className="inline-form">
          <ActionButton intent="renew-video-link" label="Send a new link" formLabel="Send the candidate a new link" />
          <ActionButton intent="cancel-video" label="Cancel the video interview" formLabel="Cancel the video interview" className="button danger" />
        </div>
      ) : null}
      <ol className="video-answers">
        {video.questions.map((q) => (
          <li key={q.id}>
            <p>
              <strong>{q.prompt}</strong>
            </p>
            {!q.answer ? (
              <p className="hint">{video.status === 'SUBMITTED' ? 'No answer.' : 'Not submitted yet.'}</p>
            ) : q.answer.id ? (
              <>
                <video controls preload="metadata" src={`/app/interviews/${props.interviewId}/answers/${q.answer.id}`} className="player" aria-label={`Answer ${q.position + 1}`} />
                <p className="hint">
                  {q.answer.durationMs ? `${clock(q.answer.durationMs)} · ` : ''}
                  {(q.answer.sizeBytes / 1024 ** 2).toFixed(1)} MB
                </p>
              </>
            ) : (
              <p className="hint">Answered. Your role does not include watching recordings.</p>
            )}
          </li>
        ))}
      </ol>
      <JobProgress label="Transcription" job={progress.transcription} />
      {progress.transcription?.status === 'FAILED' && props.canRetry ? (
        <ActionButton intent="retry-transcription" label="Try the transcription again" formLabel="Retry the transcription" />
      ) : null}
      <JobProgress label="Analysis" job={progress.analysis} />
    </section>
  )
}
