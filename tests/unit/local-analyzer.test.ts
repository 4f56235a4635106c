import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { analyzeLocally, checkEvidence, sentences, stem, terms } from '../../server/analysis/local-analyzer'
import { sampleInterview } from '../support/sample-interview'

const interview = sampleInterview

const rubric = [
  { id: 'c1', name: 'Scaling databases', description: 'PostgreSQL sharding, replicas', weight: 3 },
  { id: 'c2', name: 'Conflict resolution', description: 'Handles disagreement with teammates constructively', weight: 1 },
  { id: 'c3', name: 'Kubernetes operations', description: 'Helm, operators, cluster upgrades', weight: 2 },
]

describe('local analyzer', () => {
  it('measures talk time and questions per speaker, and finds the candidate', () => {
    const result = analyzeLocally({ segments: interview, competencies: rubric })
    expect(result.candidateSpeaker).toBe('Candidate')
    expect(result.talkTime.map((t) => [t.speaker, t.ms])).toEqual([
      ['Candidate', 63_000],
      ['Interviewer', 12_000],
    ])
    expect(result.talkTime[0]!.share).toBeCloseTo(0.84, 2)
    expect(result.questions).toEqual([
      { speaker: 'Interviewer', count: 3 },
      { speaker: 'Candidate', count: 1 },
    ])
  })

  it('scores each competency with quotes from the candidate’s own sentences, and lists what was never answered', () => {
    const result = analyzeLocally({ segments: interview, competencies: rubric })
    const [scaling, conflict, kubernetes] = result.competencies
    expect(scaling!.score).toBeGreaterThanOrEqual(2)
    expect(scaling!.evidence[0]).toEqual({ segment: 1, quote: 'We sharded PostgreSQL by customer and added read replicas.', startMs: 6_000 })
    expect(scaling!.matchedTerms).toEqual(expect.arrayContaining(['postgresql', 'shard', 'replica']))
    expect(conflict!.score).toBeGreaterThanOrEqual(1)
    expect(conflict!.evidence[0]!.quote).toBe('I disagreed with our lead about the rollout plan.')
    expect(kubernetes).toMatchObject({ score: 0, evidence: [] })
    expect(result.unanswered).toEqual(['Kubernetes operations'])
    for (const r of result.competencies) for (const e of r.evidence) expect(interview[e.segment]!.text).toContain(e.quote)
    // The interviewer's questions are never evidence.
    expect(result.competencies.flatMap((r) => r.evidence).every((e) => interview[e.segment]!.speaker === 'Candidate')).toBe(true)
    expect(result.overall).toBeGreaterThan(0)
    expect(result.overall).toBeLessThan(4)
  })

  it('is deterministic', () => {
    expect(analyzeLocally({ segments: interview, competencies: rubric })).toEqual(analyzeLocally({ segments: interview, competencies: rubric }))
  })

  it('uses the candidate speaker it is given', () => {
    expect(analyzeLocally({ segments: interview, competencies: rubric, candidateSpeaker: 'Interviewer' }).competencies[0]!.evidence.every((e) => interview[e.segment]!.speaker === 'Interviewer')).toBe(true)
  })

  it('rejects a score whose quote is not in the segment it cites, or that cites nothing', () => {
    const good = { competencyId: 'c1', name: 'Scaling', weight: 1, score: 3, matchedTerms: [], evidence: [{ segment: 1, quote: 'added READ replicas', startMs: 0 }] }
    expect(checkEvidence(interview, good).score).toBe(3)
    expect(checkEvidence(interview, { ...good, evidence: [{ segment: 1, quote: 'I led the Kubernetes migration', startMs: 0 }] })).toMatchObject({
      score: null,
      rejected: expect.stringMatching(/not in segment 1/),
    })
    expect(checkEvidence(interview, { ...good, evidence: [{ segment: 99, quote: 'x', startMs: 0 }] }).score).toBeNull()
    expect(checkEvidence(interview, { ...good, evidence: [] }).score).toBeNull()
  })

  it('splits sentences as exact substrings and stems crudely', () => {
    expect(sentences('One. Two? Three!  Four')).toEqual(['One.', 'Two?', 'Three!', 'Four'])
    expect(sentences('Version 1.2 shipped. Done')).toEqual(['Version 1.2 shipped.', 'Done'])
    expect([stem('scaling'), stem('scaled'), stem('scales'), stem('replicas'), stem('strategies')]).toEqual(['scal', 'scal', 'scal', 'replica', 'strategy'])
    expect(terms('The Kubernetes clusters and C++ and Node.js')).toEqual(['kubernet', 'cluster', 'c++', 'node.j'])
  })

  it('never produces a quote that is not in the transcript (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ speaker: fc.constantFrom('A', 'B'), text: fc.lorem({ maxCount: 30, mode: 'sentences' }) }), { maxLength: 20 }),
        fc.array(fc.lorem({ maxCount: 4 }), { minLength: 1, maxLength: 5 }),
        (turns, names) => {
          const segments = turns.map((t, i) => ({ ...t, startMs: i * 1000, endMs: i * 1000 + 900 }))
          const result = analyzeLocally({ segments, competencies: names.map((name, i) => ({ id: `c${i}`, name, weight: 1 })) })
          for (const r of result.competencies) {
            expect(r.score === null || (r.score >= 0 && r.score <= 4)).toBe(true)
            for (const e of r.evidence) expect(segments[e.segment]!.text).toContain(e.quote)
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
