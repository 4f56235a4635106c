// The local analyzer on a 1-hour interview (about 10,000 words, 120 turns,
// an 8-competency rubric), against a baseline measured in the same run:
// splitting the same transcript into the analyzer's terms once, the least
// any analysis of the text must do. Reports ms per analysis (median of
// runs) and the ratio analysis/baseline.
import { analyzeLocally, terms, type Segment } from '../../server/analysis/local-analyzer'
import { figure, recordSummary } from './support/summary'

const vocabulary = (
  'we built the service with postgresql and go then sharded the database by customer added replicas to spread reads ' +
  'the queue workers scaled horizontally during peak season and the team agreed on a staged rollout after a long discussion ' +
  'i mentored two junior engineers on testing and code review we measured latency with tracing and fixed the slow queries ' +
  'our incident process improved after we wrote runbooks and practised failover the customers noticed fewer outages'
).split(' ')

/** A deterministic pseudo-random transcript: interviewer questions, candidate answers of ~160 words. */
function transcript(turns = 60): Segment[] {
  let seed = 42
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const sentence = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(next() * vocabulary.length)]).join(' ')
  const segments: Segment[] = []
  let t = 0
  for (let i = 0; i < turns; i++) {
    const question = `${sentence(8)}?`
    segments.push({ speaker: 'Interviewer', startMs: t, endMs: (t += 6_000), text: question[0]!.toUpperCase() + question.slice(1) })
    const answer = Array.from({ length: 10 }, () => `${sentence(16)}.`).join(' ')
    segments.push({ speaker: 'Candidate', startMs: t, endMs: (t += 54_000), text: answer })
  }
  return segments
}

const rubric = [
  { id: 'c1', name: 'Database scaling', description: 'PostgreSQL sharding, replicas, slow queries', weight: 3 },
  { id: 'c2', name: 'Reliability', description: 'Incidents, runbooks, failover, outages', weight: 2 },
  { id: 'c3', name: 'Observability', description: 'Tracing, latency, metrics', weight: 2 },
  { id: 'c4', name: 'Mentoring', description: 'Mentored junior engineers, code review, testing', weight: 1 },
  { id: 'c5', name: 'Collaboration', description: 'Discussion, agreement, staged rollout', weight: 1 },
  { id: 'c6', name: 'Kubernetes', description: 'Helm charts, operators, cluster upgrades', weight: 1 },
  { id: 'c7', name: 'Customer focus', description: 'Customers, peak season', weight: 1 },
  { id: 'c8', name: 'Go', description: 'Go services, concurrency', weight: 2 },
]

function medianMs(run: () => unknown, runs: number) {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    run()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
}

const segments = transcript()
const wordCount = segments.reduce((n, s) => n + s.text.split(/\s+/).length, 0)
for (let i = 0; i < 5; i++) analyzeLocally({ segments, competencies: rubric }) // warm-up
const baseline = medianMs(() => segments.map((s) => terms(s.text)), 30)
const analysis = medianMs(() => analyzeLocally({ segments, competencies: rubric }), 30)
const result = analyzeLocally({ segments, competencies: rubric })
const evidenceOk = result.competencies.every((c) => c.evidence.every((e) => segments[e.segment]!.text.includes(e.quote)))
const checked = evidenceOk && result.competencies.every((c) => c.score !== null)
recordSummary(
  {
    measure: `local analysis of a ${wordCount}-word interview (median ms)`,
    baseline: `${figure(baseline)} ms`,
    result: `${figure(analysis)} ms`,
    ratio: analysis / baseline,
    limit: '< 1000 ms (goal)',
    pass: analysis < 1000,
  },
  {
    measure: 'every competency scored, every quote found in its segment',
    result: checked ? 'yes' : 'no',
    limit: 'yes (required)',
    pass: checked,
  },
)
if (!evidenceOk || result.competencies.some((c) => c.score === null)) {
  console.error('analysis produced evidence that does not check out')
  process.exit(1)
}
console.log(`transcript: ${segments.length} segments, ${wordCount} words, ${Math.round(segments.at(-1)!.endMs / 60_000)} minutes; rubric of ${rubric.length}`)
console.log('| work | median ms |')
console.log('|---|---:|')
console.log(`| local analysis (talk time, questions, rubric coverage with evidence) | ${analysis.toFixed(1)} |`)
console.log(`| baseline: split the transcript into terms once | ${baseline.toFixed(1)} |`)
console.log(`ratio analysis/baseline: ${(analysis / baseline).toFixed(2)}x; scores ${result.competencies.map((c) => `${c.name} ${c.score}`).join(', ')}`)
console.log(`analysis (local): ${wordCount} words in ${analysis.toFixed(1)} ms, ${(analysis / baseline).toFixed(2)}x tokenizing once (goal: well under 1 s)`)
