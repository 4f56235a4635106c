// Recruiting data for the fault tests, made over HTTP against a running app the way the pages make it.
import { callProcedure, signIn } from '../../support/app-process'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A short PCM WAV of silence: the upload is sniffed as audio; the stand-in provider does not listen to it. */
export function wavFile(seconds = 2, rate = 8000) {
  const data = Buffer.alloc(seconds * rate * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await probe()
    if (value) return value
    await sleep(200)
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
}

/** A job with a rubric, a candidate who agreed to recording and AI analysis, and an interview on their application. */
export async function consentingInterview(base: string, label: string) {
  const cookie = await signIn(base)
  const call = <T>(name: string, input: unknown, query = false) => callProcedure<T>(base, cookie, name, input, { query })
  const job = await call<{ id: string }>('job.create', { title: `Fault ${label}`, description: '', location: 'Leeds', region: 'EU', currency: 'EUR' })
  await call('job.setRubric', {
    jobId: job.id,
    competencies: [{ name: 'Database migrations', description: 'Plans and tests schema changes safely', weight: 1 }],
  })
  const candidate = await call<{ id: string }>('candidate.create', { name: `Candidate ${label}`, location: 'Leeds', jobId: job.id })
  const consent = await call<{ notices: { language: string; version: string }[] }>('consent.forCandidate', { candidateId: candidate.id }, true)
  const notice = consent.notices.find((n) => n.language === 'en')!
  await call('consent.recordInPerson', {
    candidateId: candidate.id,
    language: 'en',
    version: notice.version,
    answers: { RECORDING: true, AI_ANALYSIS: true },
  })
  const details = await call<{ applications: { id: string }[] }>('candidate.get', { candidateId: candidate.id }, true)
  const interview = await call<{ id: string }>('interview.create', { applicationId: details.applications[0]!.id, title: 'Technical interview' })
  return { interviewId: interview.id, cookie, call }
}

/** consentingInterview, with a recording uploaded the way the page does; its transcription job is queued. */
export async function interviewWithRecording(base: string, label: string) {
  const { interviewId, cookie } = await consentingInterview(base, label)
  const csrf = cookie.split('; ').find((c) => c.split('=')[0]!.endsWith('hp_csrf'))?.split('=')[1] ?? ''
  const upload = await fetch(`${base}/app/interviews/${interviewId}/recording`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'x-file-name': 'interview.wav', 'x-transcription-engine': 'assemblyai', 'content-type': 'audio/wav' },
    body: wavFile(),
  })
  if (upload.status !== 201) throw new Error(`upload refused: ${upload.status} ${await upload.text()}`)
  return { interviewId, cookie }
}

