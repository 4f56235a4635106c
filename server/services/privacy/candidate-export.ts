import type { Database } from '../../db'

/**
 * Everything the product holds about one candidate, for access and
 * portability requests: profile, applications and decisions, CVs (text and
 * parsed profile), interviews with transcripts, analyses and scorecards,
 * video interviews (questions, and every take with its checksum),
 * and the list of stored files. Machine-readable JSON, plus a flat CSV.
 */
export async function candidateExport(db: Database, orgId: string, candidateId: string) {
  const candidate = await db.prisma.candidate.findFirstOrThrow({
    where: { id: candidateId, orgId },
    include: {
      documents: { orderBy: { createdAt: 'asc' } },
      applications: {
        include: {
          job: { select: { id: true, title: true } },
          stage: { select: { name: true } },
          decisions: { orderBy: { createdAt: 'asc' } },
          interviews: {
            include: {
              recording: true,
              transcript: { include: { segments: { orderBy: { index: 'asc' } } } },
              analyses: { orderBy: { createdAt: 'asc' } },
              scorecards: true,
              videoInterview: {
                include: {
                  questions: { orderBy: { position: 'asc' } },
                  takes: { orderBy: { createdAt: 'asc' } },
                },
              },
            },
          },
        },
      },
    },
  })
  return {
    // No generation time: the same data always gives the same bytes, so the checksum in the proof can be re-checked.
    format: 'hireproof-candidate-export/1',
    candidate: {
      id: candidate.id,
      name: candidate.name,
      email: candidate.email,
      phone: candidate.phone,
      location: candidate.location,
      expectedCompensation: candidate.expectedCompensation,
      createdAt: candidate.createdAt,
      processingRestrictedAt: candidate.processingRestrictedAt,
    },
    cvs: candidate.documents.map((d) => ({
      fileName: d.fileName,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      sha256: d.sha256,
      uploadedAt: d.createdAt,
      text: d.text,
      profile: d.profile,
    })),
    applications: candidate.applications.map((a) => ({
      job: a.job.title,
      stage: a.stage?.name ?? null,
      appliedAt: a.createdAt,
      decisions: a.decisions.map((d) => ({ kind: d.kind, reason: d.reason, at: d.createdAt })),
      interviews: a.interviews.map((i) => ({
        title: i.title,
        at: i.createdAt,
        recording: i.recording
          ? { fileName: i.recording.fileName, contentType: i.recording.contentType, sizeBytes: Number(i.recording.sizeBytes), sha256: i.recording.sha256 }
          : null,
        videoInterview: i.videoInterview
          ? {
              status: i.videoInterview.status,
              submittedAt: i.videoInterview.submittedAt,
              questions: i.videoInterview.questions.map((q) => ({
                question: q.prompt,
                takes: i.videoInterview!.takes
                  .filter((t) => t.questionId === q.id)
                  .map((t) => ({ status: t.status, contentType: t.contentType, sizeBytes: Number(t.sizeBytes), sha256: t.sha256, recordedAt: t.createdAt })),
              })),
            }
          : null,
        transcript: i.transcript?.segments.map((s) => ({ speaker: s.speaker, startMs: s.startMs, endMs: s.endMs, text: s.text })) ?? null,
        analyses: i.analyses.map((an) => {
          const { prompt: _prompt, ...result } = an.result as Record<string, unknown>
          return { analyzer: an.analyzer, version: an.version, model: an.model, at: an.createdAt, result }
        }),
        scorecards: i.scorecards.map((s) => ({ ratings: s.ratings, recommendation: s.recommendation, summary: s.summary, at: s.updatedAt })),
      })),
    })),
  }
}

export type CandidateExport = Awaited<ReturnType<typeof candidateExport>>

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)
  // Cells starting with = + - @ are prefixed so spreadsheets do not run them as formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The export as rows of facts: [section, item, field, value]. */
export function candidateExportRows(data: CandidateExport): unknown[][] {
  const rows: unknown[][] = []
  for (const [field, value] of Object.entries(data.candidate)) rows.push(['candidate', '', field, value])
  data.cvs.forEach((cv, i) => Object.entries(cv).forEach(([field, value]) => rows.push(['cv', i + 1, field, value])))
  data.applications.forEach((a, i) => {
    rows.push(['application', i + 1, 'job', a.job], ['application', i + 1, 'stage', a.stage], ['application', i + 1, 'appliedAt', a.appliedAt])
    a.decisions.forEach((d, j) => rows.push(['decision', `${i + 1}.${j + 1}`, d.kind, d.reason]))
    a.interviews.forEach((iv, j) => {
      rows.push(['interview', `${i + 1}.${j + 1}`, 'title', iv.title])
      iv.videoInterview?.questions.forEach((q, k) => {
        rows.push(['video question', `${i + 1}.${j + 1}.${k + 1}`, 'question', q.question])
        q.takes.forEach((t, l) => rows.push(['video take', `${i + 1}.${j + 1}.${k + 1}.${l + 1}`, t.status, t.sha256]))
      })
      iv.transcript?.forEach((s, k) => rows.push(['transcript', `${i + 1}.${j + 1}.${k + 1}`, s.speaker, s.text]))
      iv.analyses.forEach((an, k) => rows.push(['analysis', `${i + 1}.${j + 1}.${k + 1}`, an.analyzer, an.result]))
      iv.scorecards.forEach((sc, k) => rows.push(['scorecard', `${i + 1}.${j + 1}.${k + 1}`, sc.recommendation, sc.summary]))
    })
  })
  return rows
}

export const csvLine = (row: unknown[]) => row.map((v) => csvCell(v instanceof Date ? v.toISOString() : v)).join(',') + '\r\n'

/** The export as CSV: one row per fact (section, item, field, value), readable in any spreadsheet. */
export function candidateExportCsv(data: CandidateExport) {
  return [['section', 'item', 'field', 'value'], ...candidateExportRows(data)].map(csvLine).join('')
}
