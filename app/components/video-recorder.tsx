import { useEffect, useRef, useState } from 'react'

/**
 * The candidate's camera and one answer's recorder. The camera is turned on
 * once, by the candidate, for the whole interview; each answer is recorded
 * with MediaRecorder, stopped by the candidate or at the time limit, and sent
 * at once with a progress bar. Every take is kept as a draft until the
 * candidate submits; nothing is analysed in the browser.
 */
export type RecorderCopy = {
  record: string
  stop: string
  remaining: (seconds: number) => string
  uploading: (percent: number) => string
  uploaded: string
  failed: string
  interrupted: string
  noRecorder: string
  takesLeft: (left: number) => string
  noTakesLeft: string
}

/** The first container this browser records: WebM (Chromium, Firefox), then MP4 (Safari). */
function recorderType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined
  return ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'].find((type) => MediaRecorder.isTypeSupported(type))
}

export function useCamera() {
  const [stream, setStream] = useState<MediaStream | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream])
  async function start(deniedMessage: string) {
    setError(null)
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: true, audio: true }))
    } catch {
      setError(deniedMessage)
    }
  }
  return { stream, error, start }
}

export function CameraPreview({ stream, label }: { stream: MediaStream; label: string }) {
  const preview = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    if (preview.current) preview.current.srcObject = stream
  }, [stream])
  return <video ref={preview} className="camera-preview" autoPlay muted playsInline aria-label={label} />
}

export function AnswerRecorder(props: {
  stream: MediaStream
  uploadUrl: string
  csrf: string
  questionId: string
  questionLabel: string
  answerSeconds: number
  takesLeft: number
  /** Another answer is being recorded or sent: only one at a time. */
  busyElsewhere: boolean
  onBusyChange: (busy: boolean) => void
  onUploaded: () => void
  copy: RecorderCopy
}) {
  const { copy } = props
  const [remaining, setRemaining] = useState<number | null>(null)
  const [percent, setPercent] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const recorder = useRef<MediaRecorder | null>(null)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current)
      if (recorder.current?.state === 'recording') recorder.current.stop()
    },
    [],
  )

  function start() {
    setError(null)
    setMessage(null)
    const type = recorderType()
    if (!type) {
      setError(copy.noRecorder)
      return
    }
    const chunks: Blob[] = []
    const media = new MediaRecorder(props.stream, { mimeType: type })
    const startedAt = Date.now()
    media.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data)
    }
    media.onstop = () => {
      if (timer.current) clearInterval(timer.current)
      setRemaining(null)
      upload(new Blob(chunks, { type: type.split(';')[0] }), Date.now() - startedAt)
    }
    recorder.current = media
    media.start(1000)
    props.onBusyChange(true)
    setRemaining(props.answerSeconds)
    timer.current = setInterval(() => {
      const left = props.answerSeconds - Math.floor((Date.now() - startedAt) / 1000)
      setRemaining(Math.max(0, left))
      if (left <= 0 && media.state === 'recording') media.stop()
    }, 250)
  }

  function upload(blob: Blob, durationMs: number) {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', props.uploadUrl)
    xhr.setRequestHeader('X-CSRF-Token', props.csrf)
    xhr.setRequestHeader('X-Question-Id', props.questionId)
    xhr.setRequestHeader('X-Duration-Ms', String(Math.round(durationMs)))
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) setPercent(Math.round((event.loaded / event.total) * 100))
    }
    const finish = () => {
      setPercent(null)
      props.onBusyChange(false)
    }
    xhr.onload = () => {
      finish()
      if (xhr.status === 201) {
        setMessage(copy.uploaded)
        props.onUploaded()
        return
      }
      let reason = copy.failed
      try {
        reason = (JSON.parse(xhr.responseText) as { error?: string }).error ?? reason
      } catch {
        /* not JSON: keep the general message */
      }
      setError(reason)
    }
    xhr.onerror = () => {
      finish()
      setError(copy.interrupted)
    }
    setPercent(0)
    xhr.send(blob)
  }

  const recording = remaining !== null
  return (
    <div className="recorder">
      {recording ? (
        <>
          <p aria-live="polite" className="recording-indicator">
            {copy.remaining(remaining)}
          </p>
          <button type="button" className="button danger" onClick={() => recorder.current?.stop()}>
            {copy.stop}
          </button>
        </>
      ) : percent !== null ? (
        <div className="job-progress">
          <label htmlFor={`upload-${props.questionId}`}>{copy.uploading(percent)}</label>
          <progress id={`upload-${props.questionId}`} max={100} value={percent}>
            {percent}%
          </progress>
        </div>
      ) : props.takesLeft > 0 ? (
        <>
          <button type="button" className="button primary" onClick={start} disabled={props.busyElsewhere} aria-label={`${copy.record}: ${props.questionLabel}`}>
            {copy.record}
          </button>
          <span className="hint"> {copy.takesLeft(props.takesLeft)}</span>
        </>
      ) : (
        <p className="hint">{copy.noTakesLeft}</p>
      )}
      <div aria-live="polite">
        {error ? <p className="form-error">{error}</p> : null}
        {message ? <p role="status">{message}</p> : null}
      </div>
    </div>
  )
}
