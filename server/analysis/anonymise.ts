/**
 * Anonymised screening: a transcript with the person taken out, for an analyzer (and reviewers) to
 * judge what was said rather than who said it. Pure and deterministic for the same input and version.
 *
 * - Given person names (each whole name, and each part of two or more letters, case-insensitive, whole
 *   words only) become `[name]`; email addresses `[email]`; phone numbers `[phone]`; URLs (with a scheme,
 *   www., or a domain with a path, and any linkedin.com address) `[link]`.
 * - Gendered words become neutral ones: he/she → they (with is/was/has/does agreeing), him → them,
 *   her → them or their, his → their or theirs, hers → theirs, himself/herself → themself, Mr/Mrs/Ms/Miss
 *   before a name → Mx, "sir"/"madam" in address → removed, and family and gendered nouns
 *   (wife → partner, mother → parent, woman → person, maternity → parental …).
 * - Case follows the word replaced, so sentence starts stay capitalised; the rest of the text is untouched.
 * - Speakers become 'Candidate' and 'Interviewer 1', 'Interviewer 2' … (`anonymiseSpeakers`).
 *
 * Contract with the evidence check: segments keep their count, order, timings and index, only their
 * text (and speaker) changes. An analyzer run on anonymised segments quotes the anonymised text, so its
 * evidence is checked (`checkEvidence`) against the anonymised segments, never the originals; store the
 * anonymised transcript (or the names and `anonymiserVersion` to rebuild it) alongside such an analysis.
 *
 * Limits: names not given are not found (no name detection); a name part that is also a word ("Will",
 * "Rose") is replaced everywhere; spelled-out emails and numbers, street addresses, ages and places are
 * left as they are; "her"/"his" and the agreement of other verbs ("they works") are heuristics.
 */
import { analyzeLocally, type Segment } from './local-analyzer'

export const anonymiserVersion = 'anon-1'

export type AnonymiseOptions = { names: readonly string[] }

const notWordBefore = '(?<![\\p{L}\\p{N}_])'
const notWordAfter = '(?![\\p{L}\\p{N}_])'
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const letterCount = (s: string) => s.match(/\p{L}/gu)?.length ?? 0

/** Whole names and their parts, longest first so "Ada Lovelace" becomes one `[name]`, not two. */
function namePattern(names: readonly string[]): RegExp | null {
  const variants = new Map<string, string>()
  for (const raw of names) {
    const name = raw.replace(/\s+/g, ' ').trim()
    if (letterCount(name) < 2) continue
    const parts = name.split(' ').flatMap((part) => {
      const bare = part.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
      return [bare, ...bare.split('-')]
    })
    for (const variant of [name, ...parts]) {
      if (letterCount(variant) < 2) continue
      // Any whitespace between parts; either apostrophe (O'Brien, O’Brien).
      const source = variant
        .split(' ')
        .map((p) => escape(p).replace(/['’]/g, "['’]"))
        .join('\\s+')
      variants.set(variant.toLowerCase(), source)
    }
  }
  if (variants.size === 0) return null
  const alternatives = [...variants.entries()].sort((a, b) => b[0].length - a[0].length).map(([, source]) => source)
  return new RegExp(`${notWordBefore}(?:${alternatives.join('|')})${notWordAfter}`, 'giu')
}

// A scheme or www. URL; a domain with a path (github.com/ada); linkedin.com in any form.
const linkPattern =
  /(?<![\p{L}\p{N}@])(?:(?:https?:\/\/|www\.)[^\s<>"]+|(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s<>"]*|(?:[a-z0-9-]+\.)*linkedin\.com\b[^\s<>"]*)/giu
const emailPattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu
// Digit groups joined by one separator each (so ". " ends a number), with an optional leading + or (.
const numberPattern = /(?<![\p{L}\p{N}])(?:\+|\()?\d+(?:(?:[ .-]|\)[ .-]?|[ .-]?\()\d+)*\)?(?![\p{L}\p{N}])/gu

/** Sentence punctuation after a link stays in the sentence. */
function replaceLink(match: string) {
  const trailing = match.match(/[.,;:!?)\]'"’]+$/)?.[0] ?? ''
  return `[link]${trailing}`
}

/** Is this run of digits a phone number rather than a count, year, date, decimal or address? */
function looksLikePhone(text: string) {
  const digits = text.replace(/\D/g, '')
  if (digits.length < 7 || digits.length > 15) return false
  if (text.startsWith('+') || text.startsWith('(')) return true
  const groups = text.split(/\D+/).filter(Boolean)
  if (groups.length === 1) return digits.startsWith('0') || digits.length >= 10
  if (/^\d+\.\d+$/.test(text)) return false
  if (/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(text)) return false
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(text)) return false
  if (groups.every((g) => /^(?:19|20)\d\d$/.test(g))) return false
  if (!digits.startsWith('0') && groups.slice(1).every((g) => g.length === 3)) return false
  return true
}

// Gendered words. Keys are lower case; possessive and contraction suffixes are kept ("wife's" → "partner's").
const nouns = new Map(
  (
    'man:person men:people woman:person women:people gentleman:person gentlemen:people lady:person ladies:people ' +
    'boy:child boys:children girl:child girls:children son:child sons:children daughter:child daughters:children ' +
    'husband:partner husbands:partners wife:partner wives:partners boyfriend:partner boyfriends:partners ' +
    'girlfriend:partner girlfriends:partners fiance:partner fiancé:partner fiancee:partner fiancée:partner ' +
    'mother:parent mothers:parents father:parent fathers:parents mom:parent moms:parents mum:parent mums:parents ' +
    'dad:parent dads:parents grandmother:grandparent grandmothers:grandparents grandfather:grandparent ' +
    'grandfathers:grandparents brother:sibling brothers:siblings sister:sibling sisters:siblings ' +
    'maternity:parental paternity:parental'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
)
const pronouns = new Map([
  ['him', 'them'],
  ['hers', 'theirs'],
  ['himself', 'themself'],
  ['herself', 'themself'],
])
const agreement = new Map([
  ['is', 'are'],
  ['was', 'were'],
  ['has', 'have'],
  ['does', 'do'],
  ["isn't", "aren't"],
  ["wasn't", "weren't"],
  ["hasn't", "haven't"],
  ["doesn't", "don't"],
])
// After these, "her" is an object ("told her the plan") and "his" stands alone ("the idea was his").
const notANoun = new Set(
  (
    'a an the this that these those some any all every each my your our their his her its no ' +
    'about above across after against along among around as at before behind below beside between beyond by during for from ' +
    'in inside into like near of off on onto out outside over past since through to toward towards under until up upon with ' +
    'within without down back away again too also and or but nor so yet because if when while whether than then once ' +
    'although though unless where how what why who which whom now today yesterday tomorrow later earlier already ' +
    'directly personally well very really just first last recently often still either i you we they he she it me us him them ' +
    'is was are were be been has have had do does did will would can could should might must not'
  ).split(' '),
)
// Case-sensitive: "MS Teams" is not a title, and "miss" is usually the verb.
const honorifics = new Set(['Mr', 'Mrs', 'Ms', 'Miss', 'Mister', 'Missus'])
const addresses = new Set(['sir', 'madam', "ma'am"])

/** The replacement in the case of the original: "She" → "They", "SHE" → "THEY", "she" → "they". */
function matchCase(original: string, replacement: string) {
  const shouting = original.length > 1 && original === original.toUpperCase() && original !== original.toLowerCase()
  if (shouting) return replacement.toUpperCase()
  const first = original.charAt(0)
  if (first !== first.toLowerCase()) return replacement.charAt(0).toUpperCase() + replacement.slice(1)
  return replacement
}

const sentenceEnd = /(?:^|[.!?]\s*|\n\s*)$/
const wordSplit = /([\p{L}\p{N}]+(?:['’][\p{L}]+)*)/u

/** Gendered words, titles and forms of address; a token walk so each word sees its neighbours. */
function neutralise(text: string): string {
  // Odd indexes are words, even ones the text between them (possibly empty).
  const tokens = text.split(wordSplit)
  const lower = (i: number) => (tokens[i] ?? '').toLowerCase().replace(/’/g, "'")
  const onlySpace = (i: number) => /^[ \t]+$/.test(tokens[i] ?? '')
  for (let i = 1; i < tokens.length; i += 2) {
    const word = tokens[i]!
    const key = lower(i)
    const apostrophe = word.includes('’') ? '’' : "'"
    const withApostrophe = (s: string) => s.replace(/'/g, apostrophe)

    // "Is she", "was he": the verb agrees with "they".
    const agreed = agreement.get(key)
    if (agreed && (lower(i + 2) === 'he' || lower(i + 2) === 'she') && onlySpace(i + 1)) {
      tokens[i] = matchCase(word, withApostrophe(agreed))
      tokens[i + 2] = matchCase(tokens[i + 2]!, 'they')
      i += 2
      continue
    }
    if (key === 'he' || key === 'she') {
      tokens[i] = matchCase(word, 'they')
      const verb = agreement.get(lower(i + 2))
      if (verb && onlySpace(i + 1)) {
        tokens[i + 2] = matchCase(tokens[i + 2]!, withApostrophe(verb))
        i += 2
      }
      continue
    }
    const contraction = key.match(/^(he|she)'(s|d|ll)$/)
    if (contraction) {
      const next = lower(i + 2)
      const suffix = contraction[2] === 's' ? (next === 'been' || next === 'got' ? 've' : 're') : contraction[2]!
      tokens[i] = matchCase(word, `they${apostrophe}${suffix}`)
      continue
    }
    if (key === 'her' || key === 'his') {
      // A noun follows directly ("her team") → possessive; otherwise object ("told her") or standalone ("was his").
      const next = lower(i + 2)
      const possessive = next !== '' && onlySpace(i + 1) && !notANoun.has(next)
      tokens[i] = matchCase(word, possessive ? 'their' : key === 'her' ? 'them' : 'theirs')
      continue
    }
    const pronoun = pronouns.get(key)
    if (pronoun) {
      tokens[i] = matchCase(word, pronoun)
      continue
    }
    if (honorifics.has(word)) {
      // Only as a title: before a capitalised word or a [name] placeholder ("Miss" alone may be the verb).
      const between = tokens[i + 1] ?? ''
      const next = tokens[i + 2] ?? ''
      const isTitle = /^\.? +\[?$/.test(between) && (/^\p{Lu}/u.test(next) || (between.endsWith('[') && next === 'name'))
      if (isTitle) {
        tokens[i] = 'Mx'
        tokens[i + 1] = between.replace(/^\./, '')
      }
      continue
    }
    if (addresses.has(key)) {
      const before = tokens[i - 1] ?? ''
      const after = tokens[i + 1] ?? ''
      if (/,\s*$/.test(before) && (i + 1 >= tokens.length - 1 || /^\s*[.,!?;:]/.test(after))) {
        // "Thank you, sir." → "Thank you."
        tokens[i - 1] = before.replace(/,\s*$/, '')
        tokens[i] = ''
      } else if (sentenceEnd.test(before) && /^,\s*/.test(after)) {
        // "Sir, I think" → "I think"
        tokens[i] = ''
        tokens[i + 1] = after.replace(/^,\s*/, '')
        if (tokens[i + 2]) tokens[i + 2] = matchCase('X', tokens[i + 2]!)
      } else if (/^\p{Lu}/u.test(word) && /^ +$/.test(after) && /^\p{Lu}/u.test(tokens[i + 2] ?? '')) {
        tokens[i] = 'Mx' // a title: "Sir Tim"
      } else {
        // Anything else: the word goes, with one of the spaces around it.
        tokens[i] = ''
        if (/ $/.test(before) && /^ /.test(after)) tokens[i + 1] = after.slice(1)
        else if (/ $/.test(before)) tokens[i - 1] = before.slice(0, -1)
      }
      continue
    }
    const [, base = '', suffix] = key.match(/^(\p{L}+)('s|s')?$/u) ?? []
    const neutral = nouns.get(base)
    if (neutral) tokens[i] = matchCase(word.slice(0, base.length), neutral) + (suffix ? word.slice(base.length) : '')
  }
  return tokens.join('')
}

function anonymiseWith(text: string, names: RegExp | null) {
  let out = text.replace(linkPattern, replaceLink).replace(emailPattern, '[email]')
  out = out.replace(numberPattern, (match) => (looksLikePhone(match) ? '[phone]' : match))
  if (names) out = out.replace(names, '[name]')
  return neutralise(out)
}

/** The text with the given names, contact details, links and gendered words replaced (see the top of the file). */
export function anonymiseText(text: string, options: AnonymiseOptions): string {
  return anonymiseWith(text, namePattern(options.names))
}

/** Each segment's text anonymised; speakers, timings, order and count unchanged (segment indexes stay valid). */
export function anonymiseSegments(segments: readonly Segment[], options: AnonymiseOptions): Segment[] {
  const names = namePattern(options.names)
  return segments.map((segment) => ({ ...segment, text: anonymiseWith(segment.text, names) }))
}

/**
 * Speakers relabelled: the candidate becomes 'Candidate', everyone else 'Interviewer 1', 'Interviewer 2' … in
 * order of first appearance. Without a candidate given, the local analyzer's guess is used (the one
 * `analyzeLocally` and `analyzeWithLlm` would make). `speakers` maps each original label to its new one.
 */
export function anonymiseSpeakers(
  segments: readonly Segment[],
  candidateSpeaker?: string | null,
): { segments: Segment[]; speakers: Record<string, string>; candidateSpeaker: string | null } {
  const candidate = candidateSpeaker ?? analyzeLocally({ segments, competencies: [] }).candidateSpeaker
  const labels = new Map<string, string>()
  let interviewers = 0
  for (const { speaker } of segments) {
    if (!labels.has(speaker)) labels.set(speaker, speaker === candidate ? 'Candidate' : `Interviewer ${++interviewers}`)
  }
  return {
    segments: segments.map((segment) => ({ ...segment, speaker: labels.get(segment.speaker)! })),
    // fromEntries defines own properties, so even a label like "__proto__" is just a key.
    speakers: Object.fromEntries(labels),
    candidateSpeaker: candidate !== null && labels.has(candidate) ? 'Candidate' : null,
  }
}

// Labels that name a role or a position, not a person.
const genericSpeaker = /^(?:speaker|interviewer|candidate|participant|host|guest|moderator|recruiter|unknown|person|voice)\b|\d/i

/**
 * Both steps: speakers relabelled, and the text anonymised with the given names plus every speaker label
 * that looks like a person's name (so "Thanks, Ada" goes when Ada Lovelace is a speaker).
 */
export function anonymiseTranscript(
  segments: readonly Segment[],
  options: AnonymiseOptions & { candidateSpeaker?: string | null },
): { segments: Segment[]; speakers: Record<string, string>; candidateSpeaker: string | null; version: string } {
  const relabelled = anonymiseSpeakers(segments, options.candidateSpeaker)
  const labelNames = Object.keys(relabelled.speakers).filter((label) => !genericSpeaker.test(label.trim()))
  return {
    segments: anonymiseSegments(relabelled.segments, { names: [...options.names, ...labelNames] }),
    speakers: relabelled.speakers,
    candidateSpeaker: relabelled.candidateSpeaker,
    version: anonymiserVersion,
  }
}
