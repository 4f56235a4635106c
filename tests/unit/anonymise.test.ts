import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  anonymiseSegments,
  anonymiseSpeakers,
  anonymiseText,
  anonymiseTranscript,
  anonymiserVersion,
} from '../../server/analysis/anonymise'
import { analyzeLocally, checkEvidence, type Segment } from '../../server/analysis/local-analyzer'

const names = ['Ada Lovelace', "Mary-Jane O'Brien"]
const anonymise = (text: string) => anonymiseText(text, { names })

describe('anonymiseText', () => {
  it('replaces whole names and their parts, in any case, as whole words only', () => {
    expect(anonymise('Ada Lovelace here. LOVELACE liked ada’s plan.')).toBe('[name] here. [name] liked [name]’s plan.')
    expect(anonymise('Mary-Jane, Jane, Mary and O’Brien came.')).toBe('[name], [name], [name] and [name] came.')
    expect(anonymise('Adams and Adaline use Adalovelace.')).toBe('Adams and Adaline use Adalovelace.')
    expect(anonymiseText('José Núñez: JOSÉ said so.', { names: ['José Núñez'] })).toBe('[name]: [name] said so.')
    // Parts of one letter are not names on their own.
    expect(anonymiseText('J. R. Smith and a J.', { names: ['J. R. Smith'] })).toBe('[name] and a J.')
  })

  it('replaces emails, phone numbers and links, keeping the punctuation around them', () => {
    expect(anonymise('Write to ada.lovelace+jobs@example.co.uk, please.')).toBe('Write to [email], please.')
    expect(anonymise('Call +44 20 7946 0958 or (555) 123-4567 or 555-123-4567. Or 07700900123.')).toBe(
      'Call [phone] or [phone] or [phone]. Or [phone].',
    )
    const links = 'See https://ada.dev/blog?x=1. Also www.example.com, linkedin.com/in/ada-lovelace and github.com/ada!'
    expect(anonymise(links)).toBe('See [link]. Also [link], [link] and [link]!')
    expect(anonymise('My LinkedIn profile is at uk.linkedin.com.')).toBe('My LinkedIn profile is at [link].')
  })

  it('leaves numbers that are not phone numbers alone', () => {
    const text =
      'We had 10 000 000 users and 1,200,000 rows in 2019 2020, from 2021-03-15, at 3.14159265, ' +
      'on 192.168.100.1, 1234567 times.'
    expect(anonymise(text)).toBe(text)
  })

  it('makes gendered words neutral, keeping sentence structure and capitals', () => {
    expect(anonymise('She said he told her his plan.')).toBe('They said they told them their plan.')
    expect(anonymise('He is great and his wife is a teacher. Is she available? Was he there?')).toBe(
      'They are great and their partner is a teacher. Are they available? Were they there?',
    )
    expect(anonymise('The idea was his, and the code was hers.')).toBe('The idea was theirs, and the code was theirs.')
    expect(anonymise("She's been leading; he's great. He’ll join. He doesn't know.")).toBe(
      "They've been leading; they're great. They’ll join. They don't know.",
    )
    expect(anonymise('Her team grew. I gave her the notes. He taught himself and she herself.')).toBe(
      'Their team grew. I gave them the notes. They taught themself and they themself.',
    )
    expect(anonymise("My husband's mother took maternity leave; the boys and girls, men and women.")).toBe(
      "My partner's parent took parental leave; the children and children, people and people.",
    )
    expect(anonymise('My girlfriend, my father and my daughter. A man and a woman.')).toBe(
      'My partner, my parent and my child. A person and a person.',
    )
    expect(anonymise('HE IS here.')).toBe('THEY ARE here.')
  })

  it('removes titles and forms of address', () => {
    expect(anonymise('Mr. Lovelace met Mrs Smith and Ms [name].')).toBe('Mx [name] met Mx Smith and Mx [name].')
    expect(anonymise('Thank you, sir. Sir, I think so. Yes madam I did.')).toBe('Thank you. I think so. Yes I did.')
  })

  it('does not mangle words that merely contain gendered ones', () => {
    const text =
      'The theme of the shell script was Hershey; the manager from Manhattan, a human, showed them the hero banner. ' +
      'I miss the MS Teams channel, and the constructor calls toString. Heather sheltered there, then Shea left.'
    expect(anonymise(text)).toBe(text)
  })

  it('is idempotent', () => {
    const words = 'she He her his him is was wife Mr Ada Lovelace team the theme Sir , . ?'.split(' ')
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 12 }), (parts) => {
        const once = anonymise(parts.join(' '))
        expect(anonymise(once)).toBe(once)
      }),
    )
  })
})

const transcript: Segment[] = [
  { speaker: 'Grace Hopper', startMs: 0, endMs: 5_000, text: 'Welcome, Ada. How did you scale the billing service?' },
  {
    speaker: 'Ada Lovelace',
    startMs: 5_000,
    endMs: 30_000,
    text:
      'Thanks, Grace. My colleague Mr. Babbage and I sharded PostgreSQL by customer. ' +
      'He added read replicas and his queue workers removed the backlog.',
  },
  { speaker: 'Alan Turing', startMs: 30_000, endMs: 33_000, text: 'Tell me about a disagreement?' },
  {
    speaker: 'Ada Lovelace',
    startMs: 33_000,
    endMs: 60_000,
    text:
      'She disagreed with me about the rollout plan; email ada@lovelace.dev if you want the write-up. ' +
      'We agreed on a staged rollout.',
  },
]
const rubric = [
  { id: 'c1', name: 'Scaling databases', description: 'PostgreSQL sharding, replicas, queue backlog', weight: 2 },
  { id: 'c2', name: 'Conflict resolution', description: 'disagreement, agreed rollout', weight: 1 },
]

describe('anonymised segments and speakers', () => {
  it('keeps segment count, order and timings, and relabels speakers', () => {
    const text = anonymiseSegments(transcript, { names: ['Ada Lovelace', 'Grace Hopper', 'Babbage'] })
    expect(text.map(({ speaker, startMs, endMs }) => ({ speaker, startMs, endMs }))).toEqual(
      transcript.map(({ speaker, startMs, endMs }) => ({ speaker, startMs, endMs })),
    )
    expect(text[1]!.text).toBe(
      'Thanks, [name]. My colleague Mx [name] and I sharded PostgreSQL by customer. ' +
        'They added read replicas and their queue workers removed the backlog.',
    )

    const { segments, speakers, candidateSpeaker } = anonymiseSpeakers(transcript, 'Ada Lovelace')
    expect(speakers).toEqual({ 'Grace Hopper': 'Interviewer 1', 'Ada Lovelace': 'Candidate', 'Alan Turing': 'Interviewer 2' })
    expect(candidateSpeaker).toBe('Candidate')
    expect(segments.map((s) => s.speaker)).toEqual(['Interviewer 1', 'Candidate', 'Interviewer 2', 'Candidate'])
    expect(segments.map((s) => s.text)).toEqual(transcript.map((s) => s.text))
    // Without a candidate, the local analyzer's guess.
    expect(anonymiseSpeakers(transcript).speakers['Ada Lovelace']).toBe('Candidate')
  })

  it('anonymiseTranscript also removes the speakers’ names from what is said', () => {
    const result = anonymiseTranscript(transcript, { names: ['Babbage'], candidateSpeaker: 'Ada Lovelace' })
    expect(result.version).toBe(anonymiserVersion)
    expect(result.candidateSpeaker).toBe('Candidate')
    expect(result.segments[0]).toEqual({
      speaker: 'Interviewer 1',
      startMs: 0,
      endMs: 5_000,
      text: 'Welcome, [name]. How did you scale the billing service?',
    })
    expect(result.segments[1]!.text.startsWith('Thanks, [name]. My colleague Mx [name] and I')).toBe(true)
    expect(result.segments[3]!.text).toContain('They disagreed with me')
    expect(result.segments[3]!.text).toContain('email [email] if you want')
    // Role labels are not taken for names.
    const roles = anonymiseTranscript(
      [
        { speaker: 'Interviewer', startMs: 0, endMs: 1, text: 'Speaker, candidate and interviewer.' },
        { speaker: 'Speaker 2', startMs: 1, endMs: 2, text: 'Yes.' },
      ],
      { names: [] },
    )
    expect(roles.segments[0]!.text).toBe('Speaker, candidate and interviewer.')
  })

  it('evidence quoted from the anonymised text passes checkEvidence against the anonymised segments (not the originals)', () => {
    const anonymised = anonymiseTranscript(transcript, { names: ['Babbage'], candidateSpeaker: 'Ada Lovelace' })
    const analysis = analyzeLocally({ segments: anonymised.segments, competencies: rubric, candidateSpeaker: 'Candidate' })
    const evidence = analysis.competencies.flatMap((c) => c.evidence)
    expect(evidence.length).toBeGreaterThan(0)
    for (const result of analysis.competencies) {
      expect(result.score).not.toBeNull()
      expect(checkEvidence(anonymised.segments, result)).toBe(result)
    }

    const quoted = {
      competencyId: 'c1',
      name: 'Scaling databases',
      weight: 2,
      score: 3,
      matchedTerms: [],
      evidence: [{ segment: 1, quote: 'My colleague Mx [name] and I sharded PostgreSQL by customer.', startMs: 5_000 }],
    }
    expect(checkEvidence(anonymised.segments, quoted).score).toBe(3)
    expect(checkEvidence(transcript, quoted).score).toBeNull()
  })
})
