import { PDFDocument, StandardFonts } from 'pdf-lib'
import type { Database } from '../../server/db'
import { encodeWav } from '../../server/transcription/wav'
import { anonymousCaller, callerAs, createOrgWithOwner, runQueuedJobs, unique } from './index'
import { noticeHash, noticeTemplate } from '../../server/services/consent/notices'

/** Builders for recruiting data: a request body stream, a PDF, and a candidate with everything the product can hold about them. */
export async function* streamOf(bytes: Uint8Array) {
  yield bytes
}

export async function pdfWith(lines: string[]) {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const page = pdf.addPage([595, 842])
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 24, size: 12, font }))
  return pdf.save()
}

type Caller = Awaited<ReturnType<typeof callerAs>>['caller']

/** The candidate agrees, in person, to recording and AI analysis (the English notice), as a member records it. */
export async function consentInPerson(caller: Caller, candidateId: string) {
  await caller.consent.recordInPerson({
    candidateId,
    language: 'en',
    version: noticeHash(noticeTemplate('gdpr', 'en')),
    answers: { RECORDING: true, AI_ANALYSIS: true },
  })
}

/** A candidate with everything the product can hold about them: CV, recording, transcript, analysis, scorecard, decision, video answers. */
export async function candidateWithHistory(db: Database, existing?: { org: { id: string }; owner: { id: string } }) {
  const marker = unique('zq')
  const { org, owner } = existing ?? (await createOrgWithOwner(db))
  const { caller } = await callerAs(db, owner.id, org.id)
  const job = await caller.job.create({ title: 'Analyst', description: '', location: '', region: 'EU', currency: 'EUR' })
  await caller.job.setRubric({ jobId: job.id, competencies: [{ name: 'Forecasting', description: 'demand forecasting models', weight: 1 }] })
  const person = { name: `Erin ${marker}`, email: `erin.${marker}@example.test`, phone: `+44 7700 ${String(parseInt(marker.slice(-6), 16) % 1_000_000).padStart(6, '0')}` }
  const candidate = await caller.candidate.create({ ...person, location: 'Leeds', jobId: job.id })
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: candidate.id } })
  await consentInPerson(caller, candidate.id)
  await caller.candidate.uploadCv({ candidateId: candidate.id, fileName: `${marker}.pdf`, body: streamOf(await pdfWith([person.name, person.email, 'Skills', `Forecasting, ${marker}`])) })
  const { id: interviewId } = await caller.interview.create({ applicationId: application.id, title: 'Screening call' })
  await caller.interview.importTranscript({
    interviewId,
    format: 'text',
    content: `Interviewer: Tell me about forecasting, Erin?\nErin: I built demand forecasting models at ${marker} Retail.`,
  })
  await caller.interview.uploadRecording({ interviewId, fileName: 'call.wav', body: streamOf(encodeWav(uniqueSamples(marker), 16_000)) })
  await db.prisma.backgroundJob.deleteMany({ where: { kind: 'transcribe-recording' } }) // keep the imported transcript
  await caller.interview.runAnalysis({ interviewId })
  await runQueuedJobs(db)
  const [competency] = (await caller.job.pipeline({ jobId: job.id })).competencies
  await caller.interview.submitScorecard({ interviewId, ratings: [{ competencyId: competency!.id, rating: 3 }], recommendation: 'YES', summary: `Strong at ${marker}` })
  await caller.application.decide({ applicationId: application.id, kind: 'ADVANCE', reason: `Good forecasting answers (${marker})` })
  // A one-way video interview: one submitted answer and one unsent take, each with its own bytes.
  const video = await caller.videoInterview.create({ applicationId: application.id, title: 'Video interview', questions: [`Tell us about ${marker} forecasting.`] })
  const token = new URL(video.url).pathname.split('/').at(-1)!
  const candidateSide = anonymousCaller(db).caller
  const { questions } = await candidateSide.videoInterview.candidatePage({ token })
  for (const take of ['take-1', 'take-2']) {
    await candidateSide.videoInterview.recordTake({ token, questionId: questions[0]!.id, body: streamOf(encodeWav(uniqueSamples(`${marker}${take}`), 16_000)) })
  }
  await candidateSide.videoInterview.submit({ token, choices: {} })
  await db.prisma.backgroundJob.deleteMany({ where: { kind: 'transcribe-video-interview' } }) // keep the imported transcript
  return { org, owner, caller, job, candidate, person, marker, interviewId, videoInterviewId: video.interviewId }
}


/** Half a second of near-silence whose first samples spell the marker: every candidate's recording has its own bytes. */
function uniqueSamples(marker: string) {
  const samples = new Int16Array(8000)
  for (let i = 0; i < marker.length; i++) samples[i] = marker.charCodeAt(i)
  return samples
}
