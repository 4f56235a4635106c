import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { useRef } from 'react'
import { ActionButton, FormError, SecureForm, SubmitButton } from '~/components/forms'
import { JobProgress, RecordingUpload, useLiveProgress, usePlayingSegment, type InterviewProgress } from '~/components/recording'
import { getEnv } from '~/utils/env.server'
import { VideoInterviewPanel, type StaffVideoInterview } from '~/components/video-interview-panel'
import { getApi } from '~/utils/api.server'
import { utcMinute } from '~/utils/dates'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { usePermissions } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Interview · Hireproof' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const interviewId = params.interviewId ?? ''
    const query = new URL(request.url).searchParams.get('q') ?? undefined
    const interview = await api.interview.get({ interviewId, query })
    // Each of these needs its own permission; without it the section is simply not shown.
    const [analysis, scorecards, pipeline, progress, engines, participants, members] = await Promise.all([
      api.interview.latestAnalysis({ interviewId }).catch(() => null),
      api.interview.scorecards({ interviewId }).catch(() => null),
      api.job.pipeline({ jobId: interview.job.id }).catch(() => null),
      api.interview.progress({ interviewId }),
      api.interview.transcriptionEngines().catch(() => null),
      api.interview.participants({ interviewId }),
      // Only members who may see the member list can pick people to add.
      api.member.list().catch(() => null),
    ])
    return json({
      interview,
      analysis,
      scorecards: scorecards ?? [],
      competencies: pipeline?.competencies ?? [],
      progress,
      engines,
      participants,
      candidatesToAdd: (members ?? [])
        .filter((m) => m.status === 'ACTIVE' && !participants.some((p) => p.userId === m.user.id))
        .map((m) => ({ id: m.user.id, name: m.user.name })),
      maxRecordingMb: getEnv().RECORDING_MAX_MB,
      // The meeting recorder (server/services/meeting-bot); null without interviews.read.
      meetingBot: await api.meetingBot.get({ interviewId }).catch(() => null),
      video: await api.videoInterview.get({ interviewId }),
    })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & { intent?: string; message?: string; link?: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const interviewId = params.interviewId ?? ''
  const intent = String(form.get('intent') ?? '')
  const fields = formFields(form)
  try {
    switch (intent) {
      case 'import': {
        const { segments } = await api.interview.importTranscript({ interviewId, content: fields.content ?? '', format: fields.format || undefined })
        return json<Result>({ intent, message: `Transcript imported: ${segments} segments.` })
      }
      case 'rename':
        await api.interview.renameSpeaker({ interviewId, from: fields.from ?? '', to: fields.to ?? '' })
        return json<Result>({ intent, message: 'Speaker renamed.' })
      case 'scorecard': {
        const ratings = [...form.keys()]
          .filter((key) => key.startsWith('rating-') && form.get(key))
          .map((key) => {
            const competencyId = key.slice('rating-'.length)
            return { competencyId, rating: Number(form.get(key)), note: String(form.get(`note-${competencyId}`) ?? '') }
          })
        const { revised } = await api.interview.submitScorecard({ interviewId, ratings, recommendation: fields.recommendation, summary: fields.summary ?? '' })
        return json<Result>({ intent, message: revised ? 'Scorecard updated.' : 'Scorecard submitted.' })
      }
      case 'analyse':
        await api.interview.runAnalysis({ interviewId, candidateSpeaker: fields.candidateSpeaker || undefined })
        return json<Result>({ intent, message: 'Analysis started. The scores appear here when it is done.' })
      case 'add-participant':
      case 'remove-participant':
        await api.interview.setParticipant({ interviewId, userId: fields.userId ?? '', present: intent === 'add-participant' })
        return json<Result>({ intent, message: intent === 'add-participant' ? 'Added to the interview.' : 'Removed from the interview.' })
      case 'delete-recording':
        await api.interview.deleteRecording({ interviewId })
        return json<Result>({ intent, message: 'Recording deleted.' })
      case 'retry-transcription':
        await api.interview.retryTranscription({ interviewId })
        return json<Result>({ intent, message: 'Transcription restarted.' })
      case 'send-meeting-bot':
        await api.meetingBot.send({ interviewId })
        return json<Result>({ intent, message: 'The recorder is on its way; its recording appears here after the meeting.' })
      case 'renew-video-link': {
        const { url, emailed } = await api.videoInterview.renewLink({ interviewId })
        return json<Result>({ intent, message: emailed ? 'A new link was emailed to the candidate; the old one no longer works.' : 'The old link no longer works.', link: url })
      }
      case 'cancel-video':
        await api.videoInterview.cancel({ interviewId })
        return json<Result>({ intent, message: 'Video interview cancelled: the link no longer works.' })
      case 'cancel-meeting-bot':
        await api.meetingBot.cancel({ interviewId })
        return json<Result>({ intent, message: 'The recorder was called back.' })
      default:
        return json<Result>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionErrorWith(error, { intent })
  }
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

export default function InterviewPage() {
  const { interview, analysis, scorecards, competencies, engines, maxRecordingMb, participants, candidatesToAdd, ...data } =
    useLoaderData<typeof loader>()
  const progress = useLiveProgress(interview.id, data.progress as unknown as InterviewProgress)
  const revalidator = useRevalidator()
  const player = useRef<HTMLMediaElement>(null)
  const playing = usePlayingSegment(player, interview.transcript?.segments ?? [])
  const seek = (ms: number) => {
    if (!player.current) return false
    player.current.currentTime = ms / 1000
    void player.current.play().catch(() => undefined)
    return true
  }
  const mine = scorecards.find((s) => s.mine)
  const result = useActionData<Result>()
  const [params] = useSearchParams()
  const { can } = usePermissions()
  const errorsFor = (intent: string) => (result?.intent === intent ? result : undefined)
  const transcript = interview.transcript
  return (
    <>
      <p>
        <Link to={`/app/jobs/${interview.job.id}`}>{interview.job.title}</Link> › {interview.candidate.name}
      </p>
      <h1>{interview.title}</h1>
      {interview.scheduledAt ? (
        <p className="hint">
          {interview.cancelled ? 'Cancelled. Was scheduled ' : 'Scheduled '}
          {utcMinute(interview.scheduledAt)}
          {interview.endsAt ? ` to ${utcMinute(interview.endsAt)}` : ''}
          {interview.meetingUrl && !interview.cancelled ? (
            <>
              {' · '}
              <a href={interview.meetingUrl} rel="noopener noreferrer" target="_blank">
                Join the meeting
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {result?.message ? <p role="status">{result.message}</p> : null}
      {interview.anonymised ? (
        <p className="notice">Anonymised screening: names, contact details and gendered words are hidden from you and from the analyzer.</p>
      ) : null}

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">People</h2>
        <ul className="plain">
          {participants.map((p) => (
            <li key={p.userId} className="inline-form">
              {p.name}
              {can('interviews.update') ? (
                <ActionButton intent="remove-participant" fields={{ userId: p.userId }} label="Remove" formLabel={`Remove ${p.name} from the interview`} />
              ) : null}
            </li>
          ))}
        </ul>
        {can('interviews.update') && candidatesToAdd.length > 0 ? (
          <SecureForm aria-label="Add someone to the interview" className="inline-form">
            <input type="hidden" name="intent" value="add-participant" />
            <label htmlFor="participant">Add</label>
            <select id="participant" name="userId" required defaultValue="">
              <option value="" disabled>
                Choose a member
              </option>
              {candidatesToAdd.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            <SubmitButton className="button">Add</SubmitButton>
            <FormError message={errorsFor('add-participant')?.formError} />
          </SecureForm>
        ) : null}
        <p className="hint">People in the interview are emailed when its analysis is ready.</p>
      </section>

      {data.video ? (
        <VideoInterviewPanel
          interviewId={interview.id}
          video={data.video as unknown as StaffVideoInterview}
          progress={progress}
          canManage={can('interviews.create')}
          canRetry={can('recordings.upload')}
        />
      ) : null}
      {result?.link ? (
        <div className="card">
          <label htmlFor="video-link">The candidate’s new link (shown only now)</label>
          <input id="video-link" readOnly value={result.link} className="wide" />
        </div>
      ) : null}

      {data.video ? null : <section className="card" aria-labelledby="recording-heading">
        <h2 id="recording-heading">Recording</h2>
        {progress.recording ? (
          <>
            {!progress.recording.playable ? (
              <p className="hint">Your role does not include listening to recordings.</p>
            ) : progress.recording.contentType.startsWith('video/') ? (
              <video ref={player as React.RefObject<HTMLVideoElement>} controls preload="metadata" src={`/app/interviews/${interview.id}/recording`} className="player" />
            ) : (
              <audio ref={player as React.RefObject<HTMLAudioElement>} controls preload="metadata" src={`/app/interviews/${interview.id}/recording`} className="player" />
            )}
            <p className="hint">
              {progress.recording.fileName} · {(progress.recording.sizeBytes / 1024 ** 2).toFixed(1)} MB · SHA-256{' '}
              <code>{progress.recording.sha256.slice(0, 16)}…</code>
            </p>
            <JobProgress label="Transcription" job={progress.transcription} />
            {progress.transcription?.status === 'FAILED' && can('recordings.upload') ? (
              <ActionButton intent="retry-transcription" label="Try the transcription again" formLabel="Retry the transcription" />
            ) : null}
            {can('recordings.delete') ? (
              <ActionButton intent="delete-recording" label="Delete recording" formLabel="Delete the recording" className="button danger" />
            ) : null}
          </>
        ) : can('recordings.upload') && interview.blocked.recording ? (
          <Blocked reason={interview.blocked.recording} candidateId={interview.candidate.id} />
        ) : can('recordings.upload') ? (
          <>
            {engines ? (
              <p className="hint">
                Transcription:{' '}
                {engines.filter((e) => e.available).length === 0
                  ? 'no engine is available here, so uploads are stored but not transcribed. Install pocketsphinx and sox, or configure OpenAI or AssemblyAI.'
                  : engines
                      .filter((e) => e.available)
                      .map((e) => `${e.label}${e.diarization ? ' (tells speakers apart)' : ''}`)
                      .join(', ')}
                .
              </p>
            ) : null}
            <RecordingUpload interviewId={interview.id} maxMb={maxRecordingMb} engines={engines ?? []} onUploaded={() => revalidator.revalidate()} />
          </>
        ) : (
          <p className="empty">No recording.</p>
        )}
        {!progress.recording && interview.meetingUrl && !interview.cancelled && data.meetingBot && can('recordings.upload') ? (
          <MeetingRecorder
            bot={data.meetingBot}
            blocked={Boolean(interview.blocked.recording)}
            error={errorsFor('send-meeting-bot')?.formError ?? errorsFor('cancel-meeting-bot')?.formError}
          />
        ) : null}
        <JobProgress label="Analysis" job={progress.analysis} />
      </section>}

      {analysis ? (
        <section className="card" aria-labelledby="analysis-heading">
          <h2 id="analysis-heading">Analysis</h2>
          <p className="hint">
            {analysis.analyzer === 'llm' ? `AI analyzer (${analysis.model ?? 'model unknown'})` : 'Local analyzer'} {analysis.version}
            {analysis.result.anonymised ? ', on the anonymised transcript' : ''}. Every score quotes the transcript; a score whose
            quotes are not in the transcript is not shown. It never decides: people do.
          </p>
          <p>
            Overall <strong>{analysis.result.overall ?? '—'}</strong> of 4 · candidate speaker: {analysis.result.candidateSpeaker ?? 'unknown'}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Competency</th>
                <th scope="col">Score</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {analysis.result.competencies.map((c) => (
                <tr key={c.competencyId}>
                  <th scope="row">
                    {c.name} <span className="hint">weight {c.weight}</span>
                  </th>
                  <td>
                    {c.score === null ? <span title={c.rejected}>Not shown: evidence did not match</span> : `${c.score} / 4`}
                    {c.rationale && c.score !== null ? <p className="hint">{c.rationale}</p> : null}
                  </td>
                  <td>
                    {c.evidence.length === 0 ? (
                      <span className="hint">Not covered in this interview</span>
                    ) : (
                      <ul className="plain">
                        {c.evidence.map((e) => (
                          <li key={`${e.segment}-${e.quote}`}>
                            <a href={`#seg-${e.segment}`} onClick={() => void seek(e.startMs)}>
                              {clock(e.startMs)}
                            </a>{' '}
                            “{e.quote}”
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Talk time:{' '}
            {analysis.result.talkTime.map((t) => `${t.speaker} ${Math.round(t.share * 100)}%`).join(' · ')}. Questions:{' '}
            {analysis.result.questions.map((q) => `${q.speaker} ${q.count}`).join(' · ')}.
          </p>
          {analysis.result.unanswered.length ? <p>Not covered: {analysis.result.unanswered.join(', ')}.</p> : null}
        </section>
      ) : null}

      {transcript ? (
        <section aria-labelledby="transcript-heading">
          <h2 id="transcript-heading">Transcript</h2>
          {can('analyses.run') && interview.blocked.analysis ? (
            <Blocked reason={interview.blocked.analysis} candidateId={interview.candidate.id} />
          ) : can('analyses.run') ? (
            <SecureForm aria-label="Run the analysis" className="inline-form">
              <input type="hidden" name="intent" value="analyse" />
              <label htmlFor="candidate-speaker">Candidate</label>
              <select id="candidate-speaker" name="candidateSpeaker" defaultValue="">
                <option value="">Detect</option>
                {transcript.speakers.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
              <SubmitButton className="button primary">Run analysis</SubmitButton>
              <FormError message={errorsFor('analyse')?.formError} />
            </SecureForm>
          ) : null}
          <Form method="get" role="search" aria-label="Search the transcript" className="inline-form">
            <label htmlFor="transcript-search">Search</label>
            <input id="transcript-search" name="q" type="search" defaultValue={params.get('q') ?? ''} />
            <button type="submit" className="button">
              Search
            </button>
          </Form>
          {params.get('q') ? (
            <p className="hint">
              {transcript.segments.length} of {transcript.segmentCount} segments match. <Link to="?">Show all</Link>
            </p>
          ) : null}
          <ol className="transcript">
            {transcript.segments.map((s) => (
              <li key={s.index} id={`seg-${s.index}`} aria-current={playing === s.index ? 'true' : undefined}>
                <span className="speaker">{s.speaker}</span>{' '}
                {progress.recording?.playable ? (
                  <button type="button" className="link timestamp" onClick={() => seek(s.startMs)} aria-label={`Play from ${clock(s.startMs)}`}>
                    {clock(s.startMs)}
                  </button>
                ) : (
                  <span className="hint">{clock(s.startMs)}</span>
                )}
                <p>{s.text}</p>
              </li>
            ))}
          </ol>
          {can('transcripts.update') && !interview.anonymised ? (
            <SecureForm aria-label="Rename a speaker" className="inline-form">
              <input type="hidden" name="intent" value="rename" />
              <label htmlFor="rename-from">Speaker</label>
              <select id="rename-from" name="from">
                {transcript.speakers.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
              <label htmlFor="rename-to">New name</label>
              <input id="rename-to" name="to" required maxLength={100} />
              <SubmitButton className="button">Rename</SubmitButton>
              <FormError message={errorsFor('rename')?.formError} />
            </SecureForm>
          ) : null}
        </section>
      ) : (
        <p className="empty">
          No transcript yet. {progress.recording ? 'It appears here when the transcription is done, or import' : 'Upload a recording above, or import'} one
          below (WebVTT, SRT, JSON or plain text).
        </p>
      )}

      {can('scorecards.write') ? (
        <section className="card" aria-labelledby="scorecard-heading">
          <h2 id="scorecard-heading">Your scorecard</h2>
          {competencies.length === 0 ? (
            <p className="hint">The job has no rubric yet.</p>
          ) : (
            <SecureForm aria-label="Your scorecard">
              <input type="hidden" name="intent" value="scorecard" />
              <FormError message={errorsFor('scorecard')?.formError} />
              {competencies.map((c) => {
                const previous = mine?.ratings.find((r) => r.competencyId === c.id)
                return (
                  <fieldset key={c.id}>
                    <legend>{c.name}</legend>
                    <label htmlFor={`rating-${c.id}`}>Rating (1–4)</label>
                    <select id={`rating-${c.id}`} name={`rating-${c.id}`} defaultValue={previous ? String(previous.rating) : ''}>
                      <option value="">Not assessed</option>
                      <option value="1">1 — no evidence</option>
                      <option value="2">2 — some</option>
                      <option value="3">3 — solid</option>
                      <option value="4">4 — outstanding</option>
                    </select>
                    <label htmlFor={`note-${c.id}`}>Note</label>
                    <input id={`note-${c.id}`} name={`note-${c.id}`} defaultValue={previous?.note ?? ''} maxLength={2000} />
                  </fieldset>
                )
              })}
              <fieldset>
                <legend>Recommendation</legend>
                {(['STRONG_NO', 'NO', 'YES', 'STRONG_YES'] as const).map((r) => (
                  <label key={r} className="radio">
                    <input type="radio" name="recommendation" value={r} required defaultChecked={mine?.recommendation === r} /> {r.replace('_', ' ').toLowerCase()}
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="field-summary">Summary</label>
                <textarea id="field-summary" name="summary" rows={3} defaultValue={mine?.summary ?? ''} maxLength={5000} />
              </div>
              <SubmitButton className="button">{mine ? 'Update scorecard' : 'Submit scorecard'}</SubmitButton>
            </SecureForm>
          )}
          {scorecards.filter((s) => !s.mine).length > 0 ? (
            <>
              <h3>Colleagues’ scorecards</h3>
              <ul className="plain">
                {scorecards
                  .filter((s) => !s.mine)
                  .map((s) => (
                    <li key={s.id}>
                      <strong>{s.author}</strong>: {s.recommendation.replace('_', ' ').toLowerCase()}
                      {s.summary ? ` — ${s.summary}` : ''}
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {can('recordings.upload') ? (
        <section className="card" aria-labelledby="import-heading">
          <h2 id="import-heading">{transcript ? 'Replace the transcript' : 'Import a transcript'}</h2>
          {interview.blocked.recording ? <Blocked reason={interview.blocked.recording} candidateId={interview.candidate.id} /> : null}
          <SecureForm aria-label="Import a transcript">
            <input type="hidden" name="intent" value="import" />
            <FormError message={errorsFor('import')?.formError} />
            <div className="field">
              <label htmlFor="field-content">Transcript</label>
              <textarea id="field-content" name="content" rows={8} required />
              <p className="hint">Paste WebVTT or SRT captions, Whisper or AssemblyAI JSON, or text with “Name: …” lines.</p>
            </div>
            <div className="field">
              <label htmlFor="field-format">Format</label>
              <select id="field-format" name="format" defaultValue="">
                <option value="">Detect</option>
                <option value="webvtt">WebVTT</option>
                <option value="srt">SRT</option>
                <option value="json">JSON</option>
                <option value="text">Plain text</option>
              </select>
            </div>
            <SubmitButton className="button">Import</SubmitButton>
          </SecureForm>
        </section>
      ) : null}
    </>
  )
}

type MeetingBotState = {
  configured: boolean
  joinable: boolean
  label: string | null
  error: string | null
  busy: boolean
  recallable: boolean
}

/** The meeting recorder: sent to the meeting link, it brings the recording back for transcription. Plain forms, no script. */
function MeetingRecorder({ bot, blocked, error }: { bot: MeetingBotState; blocked: boolean; error?: string }) {
  if (!bot.configured) {
    return <p className="hint">No meeting recorder is set up on this server: upload the recording instead.</p>
  }
  return (
    <div>
      <h3>Meeting recorder</h3>
      {bot.label ? (
        <p role="status">
          {bot.label}
          {bot.error ? `: ${bot.error}` : '.'}
        </p>
      ) : (
        <p className="hint">A recorder can join the meeting and bring the recording here for transcription.</p>
      )}
      {bot.recallable ? (
        <ActionButton intent="cancel-meeting-bot" label="Call the recorder back" formLabel="Call the meeting recorder back" />
      ) : !bot.busy && bot.joinable && !blocked ? (
        <ActionButton
          intent="send-meeting-bot"
          label="Send the recorder to this meeting"
          formLabel="Send the recorder to this meeting"
          className="button primary"
        />
      ) : !bot.joinable ? (
        <p className="hint">The meeting link is not one the recorder can open (https only): upload the recording instead.</p>
      ) : null}
      <FormError message={error} />
    </div>
  )
}

/** Why recording or analysis cannot start (consent missing, or processing restricted), with the way to the candidate's page. */
function Blocked({ reason, candidateId }: { reason: string; candidateId: string }) {
  return (
    <p className="notice" role="note">
      {reason} <Link to={`/app/candidates/${candidateId}#consent-heading`}>Open the candidate’s page</Link>
    </p>
  )
}
