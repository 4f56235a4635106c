/**
 * The local, explainable interview analyzer: no model, no network, the same
 * answer every time for the same transcript and rubric.
 *
 * - Talk time per speaker (from segment timings) and words per speaker.
 * - Questions asked: sentences ending in "?" per speaker.
 * - Rubric coverage: each competency's terms (from its name and
 *   description, lower-cased, stop words removed, crudely stemmed) are looked
 *   for in the candidate's segments, rarer terms counting more. The best
 *   matching sentences become the evidence, quoted exactly from the
 *   transcript with their segment index and time, and the score (0–4) follows
 *   from how much of the competency the evidence covers. A competency with
 *   no evidence scores nothing and is listed as unanswered.
 * - Every score goes through `checkEvidence` (shared with the LLM analyzer):
 *   a quote must appear in the segment it cites, or the score is rejected.
 *
 * It scores what was said, not who said it: names, voices and faces play no
 * part, and the result is a prompt for the people who decide, never a
 * decision (see server/services/pipeline).
 */
export const localAnalyzerVersion = 'local-1'

export type Segment = { speaker: string; startMs: number; endMs: number; text: string }
export type Competency = { id: string; name: string; description?: string; weight: number }
export type Evidence = { segment: number; quote: string; startMs: number }
export type CompetencyResult = {
  competencyId: string
  name: string
  weight: number
  /** 0–4, or null when the evidence did not check out. */
  score: number | null
  matchedTerms: string[]
  evidence: Evidence[]
  rejected?: string
}
export type LocalAnalysis = {
  analyzer: 'local'
  version: string
  candidateSpeaker: string | null
  talkTime: { speaker: string; ms: number; share: number; words: number }[]
  questions: { speaker: string; count: number }[]
  competencies: CompetencyResult[]
  unanswered: string[]
  /** Weighted mean of the accepted scores over all competencies (unanswered count as 0), 0–4. */
  overall: number | null
}

const stopWords = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having how i if in into is it its ' +
    'just me more most my no not of on or our out over so some such than that the their them then there these they this those to ' +
    'too up us very was we were what when where which while who why will with would you your about also able ability skills skill ' +
    'experience work working good strong clear use using new make makes made well'
  ).split(' '),
)

/** Crude stemming, enough to match "scaling"/"scaled"/"scales" and "disagreed"/"disagreement". */
export function stem(word: string) {
  let base = word
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ness', 'ities', 'ity', 'ies', 'ed', 'es', 'ly', 's']) {
    if (word.length - suffix.length >= 4 && word.endsWith(suffix)) {
      base = suffix === 'ies' ? `${word.slice(0, -3)}y` : word.slice(0, -suffix.length)
      break
    }
  }
  while (base.length > 4 && base.endsWith('e')) base = base.slice(0, -1)
  return base
}

const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}'+#.-]*/gu

export function terms(text: string): string[] {
  const out: string[] = []
  for (const match of text.toLowerCase().matchAll(wordPattern)) {
    const word = match[0].replace(/[.'-]+$/, '')
    if (word.length < 2 || stopWords.has(word)) continue
    out.push(stem(word))
  }
  return out
}

/** Sentences of a segment, each an exact substring of its text (so quotes always match). */
export function sentences(text: string): string[] {
  const out: string[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if ((ch === '.' || ch === '?' || ch === '!') && (i + 1 === text.length || text[i + 1] === ' ')) {
      const sentence = text.slice(start, i + 1).trim()
      if (sentence) out.push(sentence)
      start = i + 1
    }
  }
  const rest = text.slice(start).trim()
  if (rest) out.push(rest)
  return out
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase()

/**
 * Every score must cite the transcript: each quote has to appear (whitespace
 * and case aside) in the segment it names. A result whose evidence does not
 * check out keeps its evidence for inspection but loses its score.
 */
export function checkEvidence(segments: readonly Segment[], result: CompetencyResult): CompetencyResult {
  if (result.score === null) return result
  if (result.score > 0 && result.evidence.length === 0) return { ...result, score: null, rejected: 'A score without evidence is not shown.' }
  for (const item of result.evidence) {
    const segment = segments[item.segment]
    if (!segment) return { ...result, score: null, rejected: `Evidence cites segment ${item.segment}, which does not exist.` }
    if (!item.quote.trim() || !normalize(segment.text).includes(normalize(item.quote))) {
      return { ...result, score: null, rejected: `The quote “${item.quote.slice(0, 80)}” is not in segment ${item.segment}.` }
    }
  }
  return result
}

/** The candidate: of the two speakers who talk most, the one who asks fewer questions. */
function guessCandidate(talk: Map<string, number>, questions: Map<string, number>): string | null {
  const top = [...talk.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2)
  if (top.length === 0) return null
  if (top.length === 1) return top[0]![0]
  return top.sort((a, b) => (questions.get(a[0]) ?? 0) - (questions.get(b[0]) ?? 0) || b[1] - a[1])[0]![0]
}

export function analyzeLocally(input: { segments: readonly Segment[]; competencies: readonly Competency[]; candidateSpeaker?: string }): LocalAnalysis {
  const { segments, competencies } = input
  const talk = new Map<string, number>()
  const words = new Map<string, number>()
  const questions = new Map<string, number>()
  const segmentSentences = segments.map((s) => sentences(s.text))
  segments.forEach((segment, i) => {
    talk.set(segment.speaker, (talk.get(segment.speaker) ?? 0) + Math.max(0, segment.endMs - segment.startMs))
    words.set(segment.speaker, (words.get(segment.speaker) ?? 0) + (segment.text.match(wordPattern)?.length ?? 0))
    const asked = segmentSentences[i]!.filter((s) => s.endsWith('?')).length
    questions.set(segment.speaker, (questions.get(segment.speaker) ?? 0) + asked)
  })
  const totalTalk = [...talk.values()].reduce((a, b) => a + b, 0)
  const candidate = input.candidateSpeaker ?? guessCandidate(talk, questions)

  // Term statistics over the candidate's sentences: rarer terms are stronger evidence.
  type Indexed = { segment: number; sentence: string; terms: Set<string> }
  const indexed: Indexed[] = []
  const documentFrequency = new Map<string, number>()
  segments.forEach((segment, i) => {
    if (segment.speaker !== candidate) return
    for (const sentence of segmentSentences[i]!) {
      if (sentence.endsWith('?')) continue
      const set = new Set(terms(sentence))
      if (set.size === 0) continue
      indexed.push({ segment: i, sentence, terms: set })
      for (const term of set) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)
    }
  })
  const idf = (term: string) => Math.log(1 + indexed.length / (1 + (documentFrequency.get(term) ?? 0)))

  const results = competencies.map((competency): CompetencyResult => {
    const wanted = [...new Set(terms(`${competency.name} ${competency.description ?? ''}`))]
    const scored = indexed
      .map((entry) => {
        const hits = wanted.filter((t) => entry.terms.has(t))
        return { entry, hits, weight: hits.reduce((sum, t) => sum + idf(t), 0) }
      })
      .filter((s) => s.hits.length > 0)
      .sort((a, b) => b.weight - a.weight || a.entry.segment - b.entry.segment)
    const best = scored.slice(0, 3)
    const matchedTerms = [...new Set(scored.flatMap((s) => s.hits))].sort()
    const coverage = wanted.length ? matchedTerms.length / wanted.length : 0
    // 0 none; 1 a passing mention; 2–4 as more of the competency is covered by more distinct answers.
    const score =
      best.length === 0 ? 0 : Math.min(4, Math.max(1, Math.round(coverage * 3 + Math.min(best.length, 3) / 3)))
    const result: CompetencyResult = {
      competencyId: competency.id,
      name: competency.name,
      weight: competency.weight,
      score,
      matchedTerms,
      evidence: best.map(({ entry }) => ({ segment: entry.segment, quote: entry.sentence, startMs: segments[entry.segment]!.startMs })),
    }
    return checkEvidence(segments, result)
  })

  const totalWeight = results.reduce((sum, r) => sum + r.weight, 0)
  const accepted = results.filter((r) => r.score !== null)
  const overall = totalWeight && accepted.length ? accepted.reduce((sum, r) => sum + r.weight * (r.score ?? 0), 0) / totalWeight : null
  return {
    analyzer: 'local',
    version: localAnalyzerVersion,
    candidateSpeaker: candidate,
    talkTime: [...talk.entries()]
      .map(([speaker, ms]) => ({ speaker, ms, share: totalTalk ? ms / totalTalk : 0, words: words.get(speaker) ?? 0 }))
      .sort((a, b) => b.ms - a.ms),
    questions: [...questions.entries()].map(([speaker, count]) => ({ speaker, count })).sort((a, b) => b.count - a.count),
    competencies: results,
    unanswered: results.filter((r) => r.score === 0).map((r) => r.name),
    overall: overall === null ? null : Math.round(overall * 100) / 100,
  }
}
