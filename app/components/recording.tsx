import { useFetcher, useRevalidator, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react'

type JobState = {
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED'
  progress: number
  note: string
  error: string | null
  attempts: number
  maxAttempts: number
  retryAt: string | null
} | null

export type InterviewProgress = {
  recording: { id: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; createdAt: string; playable: boolean } | null
  transcription: JobState
  analysis: JobState
  hasTranscript: boolean
}

const busy = (job: JobState) => job?.status === 'QUEUED' || job?.status === 'RUNNING'

/**
 * Polls the interview's progress while a transcription or analysis is under
 * way, and reloads the page's data once one finishes, so new transcripts and
 * scores appear without a reload.
 */
export function useLiveProgress(interviewId: string, initial: InterviewProgress) {
  const fetcher = useFetcher<InterviewProgress>()
  const revalidator = useRevalidator()
  const current = fetcher.data ?? initial
  const working = busy(current.transcription) || busy(current.analysis)
  const wasWorking = useRef(working)
  useEffect(() => {
    if (!working) return
    const timer = setInterval(() => {
      if (fetcher.state === 'idle') fetcher.load(`/app/interviews/${interviewId}/progress`)
    }, 1500)
    return () => clearInterval(timer)
  }, [working, interviewId, fetcher])
  useEffect(() => {
    if (wasWorking.current && !working && revalidator.state === 'idle') revalidator.revalidate()
    wasWorking.current = working
  }, [working, revalidator])
  return current
}

const statusText: Record<NonNullable<JobState>['status'], string> = {
  QUEUED: 'Waiting to start',
  RUNNING: 'In progress',
  SUCCEEDED: 'Done',
  FAILED: 'Failed',
}

/** A background job's state with a progress bar, announced politely to screen readers. */
export function JobProgress({ label, job }: { label: string; job: JobState }) {
  if (!job) return null
  const id = `progress-${label.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <div className="job-progress" aria-live="polite">
      <label htmlFor={id}>
        {label}: <strong>{statusText[job.status]}</strong>
        {job.note && (job.status === 'QUEUED' || job.status === 'RUNNING') ? ` — ${job.note}` : ''}
      </label>
      <progress id={id} max={100} value={job.status === 'FAILED' ? 0 : job.progress}>
        {job.progress}%
      </progress>
      {job.retryAt && job.error ? (
        <p className="hint">
          Attempt {job.attempts} of {job.maxAttempts} failed ({job.error}); trying again at {new Date(job.retryAt).toLocaleTimeString()}.
        </p>
      ) : null}
      {job.status === 'FAILED' && job.error ? <p className="form-error">{job.error}</p> : null}
    </div>
  )
}

/**
 * Uploads one file with a progress bar. The file is sent as the request body
 * (no multipart), so the server can stream it to storage; the server decides
 * the type from the bytes, whatever the file is called.
 */
export function FileUpload(props: {
  action: string
  formLabel: string
  fieldLabel: string
  accept: string
  hint: string
  submitLabel: string
  uploadedMessage: string
  maxMb: number
  onUploaded: () => void
  /** More fields inside the form, and the request headers they become. */
  children?: ReactNode
  headersFrom?: (form: HTMLFormElement) => Record<string, string>
}) {
  const { maxMb, onUploaded } = props
  const root = useRouteLoaderData<{ csrf: string }>('root')
  const [percent, setPercent] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const request = useRef<XMLHttpRequest | null>(null)

  function upload(file: File, form: HTMLFormElement) {
    setError(null)
    setMessage(null)
    if (file.size > maxMb * 1024 * 1024) {
      setError(`The file is larger than the limit of ${maxMb} MB.`)
      return
    }
    const xhr = new XMLHttpRequest()
    request.current = xhr
    xhr.open('POST', props.action)
    xhr.setRequestHeader('X-CSRF-Token', root?.csrf ?? '')
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name))
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    for (const [name, value] of Object.entries(props.headersFrom?.(form) ?? {})) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) setPercent(Math.round((event.loaded / event.total) * 100))
    }
    xhr.onload = () => {
      request.current = null
      setPercent(null)
      if (xhr.status === 201) {
        setMessage(props.uploadedMessage)
        onUploaded()
        return
      }
      let reason = `The upload failed (${xhr.status}).`
      try {
        reason = (JSON.parse(xhr.responseText) as { error?: string }).error ?? reason
      } catch {
        /* not JSON: keep the status */
      }
      setError(reason)
    }
    xhr.onerror = () => {
      request.current = null
      setPercent(null)
      setError('The upload was interrupted. Check your connection and try again.')
    }
    xhr.onabort = () => {
      request.current = null
      setPercent(null)
      setMessage('Upload cancelled.')
    }
    setPercent(0)
    xhr.send(file)
  }

  return (
    <form
      aria-label={props.formLabel}
      onSubmit={(event) => {
        event.preventDefault()
        const input = event.currentTarget.elements.namedItem('file') as HTMLInputElement
        const file = input.files?.[0]
        if (file) upload(file, event.currentTarget)
        else setError('Choose a file first.')
      }}
    >
      <div className="field">
        <label htmlFor={`${props.action}-file`}>{props.fieldLabel}</label>
        <input id={`${props.action}-file`} name="file" type="file" accept={props.accept} disabled={percent !== null} />
        <p className="hint">
          {props.hint}, up to {maxMb} MB. The type is checked from the file’s content.
        </p>
      </div>
      {props.children}
      {percent !== null ? (
        <div className="job-progress">
          <label htmlFor={`${props.action}-progress`}>Uploading: {percent}%</label>
          <progress id={`${props.action}-progress`} max={100} value={percent}>
            {percent}%
          </progress>
          <button type="button" className="button" onClick={() => request.current?.abort()}>
            Cancel upload
          </button>
        </div>
      ) : (
        <button type="submit" className="button primary">
          {props.submitLabel}
        </button>
      )}
      <div aria-live="polite">
        {error ? <p className="form-error">{error}</p> : null}
        {message ? <p role="status">{message}</p> : null}
      </div>
      <noscript>
        <p className="hint">Uploading needs JavaScript (for the progress bar).</p>
      </noscript>
    </form>
  )
}

/** The index of the segment playing at `seconds`, for highlighting the transcript. */
export function usePlayingSegment(player: RefObject<HTMLMediaElement>, segments: { index: number; startMs: number; endMs: number }[]) {
  const [playing, setPlaying] = useState<number | null>(null)
  useEffect(() => {
    const media = player.current
    if (!media) return
    const update = () => {
      const ms = media.currentTime * 1000
      const segment = segments.find((s) => ms >= s.startMs && ms < Math.max(s.endMs, s.startMs + 1))
      setPlaying(segment ? segment.index : null)
    }
    media.addEventListener('timeupdate', update)
    media.addEventListener('seeked', update)
    return () => {
      media.removeEventListener('timeupdate', update)
      media.removeEventListener('seeked', update)
    }
  }, [player, segments])
  return playing
}

type EngineChoice = { id: string; label: string; diarization: boolean; available: boolean }

export function RecordingUpload(props: { interviewId: string; maxMb: number; onUploaded: () => void; engines: EngineChoice[] }) {
  const { interviewId, maxMb, onUploaded } = props
  const engines = props.engines.filter((e) => e.available)
  return (
    <FileUpload
      action={`/app/interviews/${interviewId}/recording`}
      formLabel="Upload a recording"
      fieldLabel="Audio or video file"
      accept="audio/*,video/*,.wav,.mp3,.m4a,.ogg,.flac,.webm,.mp4,.mov"
      hint="WAV, MP3, M4A, OGG, FLAC, WebM, MP4 or MOV"
      submitLabel="Upload recording"
      uploadedMessage="Uploaded. Transcription starts in the background."
      maxMb={maxMb}
      onUploaded={onUploaded}
      headersFrom={(form): Record<string, string> => {
        const engine = (form.elements.namedItem('engine') as HTMLSelectElement | null)?.value
        return engine ? { 'X-Transcription-Engine': engine } : {}
      }}
    >
      {engines.length > 1 ? (
        <div className="field">
          <label htmlFor="transcription-engine">Transcribe with</label>
          <select id="transcription-engine" name="engine" defaultValue={engines[0]!.id}>
            {engines.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
                {e.diarization ? ' (tells speakers apart)' : ''}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </FileUpload>
  )
}
