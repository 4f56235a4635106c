/**
 * CV text → CandidateProfile by local heuristics: deterministic, no I/O, no model. Sections are found by common English
 * headings; contact details come from the header (the lines before the first heading) and from labelled lines; dated
 * lines anchor experience and education entries. Heuristics miss things; the LLM path (llm-profile.ts) returns the same
 * shape. Every profile, from either path, goes through candidateProfileSchema, which trims, caps and sanitises it.
 * The text is untrusted: lines are capped in number and length and every regex is anchored, bounded or single-pass.
 */
import { z } from 'zod'

// Schema -------------------------------------------------------------------------------------------------------------

export const profileLimits = {
  name: 120,
  email: 254,
  phone: 40,
  location: 120,
  link: 300,
  links: 20,
  headline: 200,
  skill: 80,
  skills: 100,
  title: 200,
  organization: 200,
  period: 60,
  experience: 50,
  education: 20,
  summary: 2000,
} as const

/** Whitespace (control characters included) collapsed to single spaces, trimmed, cut to `max` without splitting a pair. */
export function clip(value: string, max: number): string {
  let text = value.replace(/[\s\u0000-\u001f\u007f-\u009f\u200b\ufeff]+/g, ' ').trim()
  if (text.length > max) text = text.slice(0, /[\ud800-\udbff]/.test(text[max - 1]!) ? max - 1 : max).trimEnd()
  return text
}

/**
 * Strips characters of `set` from the end (and the start, unless `endOnly`). A loop, because a `[set]+$` regex retries
 * every position of a long run that is not at the end: quadratic on hostile lines.
 */
function trimChars(value: string, set: string, endOnly = false): string {
  let start = 0
  let end = value.length
  while (!endOnly && start < end && set.includes(value[start]!)) start++
  while (end > start && set.includes(value[end - 1]!)) end--
  return value.slice(start, end)
}

const text = (max: number) => z.string().transform((value) => clip(value, max))
/** Empty after trimming means unknown: null. */
const optionalText = (max: number) =>
  z
    .string()
    .nullable()
    .transform((value) => (value === null ? null : clip(value, max) || null))

const emailPattern = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}$/

/**
 * An http(s) URL, or null. Bare hosts ("github.com/jane", "www.jane.dev") get https://. Anything else — javascript:,
 * data:, mailto:, hosts without a dot — is dropped, because profile links end up as hrefs.
 */
export function normaliseLink(value: string): string | null {
  const raw = trimChars(clip(value, profileLimits.link), '.,;:!?)]}>\'"', true)
  if (!raw || /\s/.test(raw)) return null
  const candidate = /^https?:\/\//i.test(raw) ? raw : /^[a-z][a-z\d+.-]*:/i.test(raw) || raw.includes('@') ? '' : `https://${raw}`
  if (!candidate) return null
  try {
    const url = new URL(candidate)
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !/\.[a-z]{2,}$/i.test(url.hostname)) return null
    if (url.username || url.password) return null
    return candidate
  } catch {
    return null
  }
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const k = key(item)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/**
 * The shape both parsers return. Parsing never rejects over length: strings are trimmed and cut to profileLimits, lists
 * are deduplicated and cut, entries without a title or qualification are dropped, an email that is not one becomes null
 * and links that are not http(s) are dropped. Wrong types or missing fields do fail.
 */
export const candidateProfileSchema = z.object({
  name: optionalText(profileLimits.name),
  email: optionalText(profileLimits.email).transform((value) => (value && emailPattern.test(value) ? value : null)),
  phone: optionalText(profileLimits.phone),
  location: optionalText(profileLimits.location),
  links: z.array(z.string()).transform((links) =>
    uniqueBy(links.map(normaliseLink).filter((link): link is string => link !== null), (link) => link.toLowerCase()).slice(
      0,
      profileLimits.links,
    ),
  ),
  headline: optionalText(profileLimits.headline),
  skills: z
    .array(text(profileLimits.skill))
    .transform((skills) => uniqueBy(skills.filter(Boolean), (skill) => skill.toLowerCase()).slice(0, profileLimits.skills)),
  experience: z
    .array(
      z.object({
        title: text(profileLimits.title),
        organization: optionalText(profileLimits.organization),
        period: optionalText(profileLimits.period),
      }),
    )
    .transform((items) => items.filter((item) => item.title).slice(0, profileLimits.experience)),
  education: z
    .array(
      z.object({
        qualification: text(profileLimits.title),
        institution: optionalText(profileLimits.organization),
        period: optionalText(profileLimits.period),
      }),
    )
    .transform((items) => items.filter((item) => item.qualification).slice(0, profileLimits.education)),
  summary: optionalText(profileLimits.summary),
})

export type CandidateProfile = z.output<typeof candidateProfileSchema>
export type ExperienceEntry = CandidateProfile['experience'][number]
export type EducationEntry = CandidateProfile['education'][number]

// Parsing ------------------------------------------------------------------------------------------------------------

/** Beyond these the text is not a CV; the rest is ignored. */
const maxLines = 5000
const maxLineChars = 1000

type SectionKey = 'summary' | 'experience' | 'education' | 'skills' | 'contact' | 'other'
type Sections = { header: string[] } & Partial<Record<SectionKey, string[]>>

export function parseProfile(input: string): CandidateProfile {
  const lines = toLines(typeof input === 'string' ? input : '')
  const sections = splitSections(lines)
  const header = sections.header
  // Two-column CVs often put contact details in a "Contact" block instead of the header.
  const contactArea = [...header, ...(sections.contact ?? [])]
  const name = findName(header, lines)
  const headerInfo = readHeader(header, name)

  const profile = {
    name,
    email: findEmail([contactArea, lines]),
    phone: findPhone(contactArea, lines),
    location: findLocation(contactArea, lines) ?? headerInfo.location,
    links: findLinks(lines),
    headline: findLabelled(contactArea, headlineLabel) ?? headerInfo.headline,
    skills: parseSkills(sections.skills ?? []),
    experience: parseExperience(sections.experience ?? []),
    education: parseEducation(sections.education ?? []),
    summary: joinParagraph(sections.summary ?? []) ?? headerInfo.summary,
  }
  return candidateProfileSchema.parse(profile)
}

const headlineLabel = /^(?:headline|title|current (?:role|title|position)|position|role)$/i

function toLines(text: string): string[] {
  return text
    .replace(/\u00a0/g, ' ')
    .split(/\r\n|\r|\n/, maxLines)
    .map((line) => line.slice(0, maxLineChars).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim())
}

const bulletPattern = /^(?:[-*•·●▪■◦‣⁃–—>+]|\d{1,2}[.)])\s+|^[•·●▪■◦‣⁃]/
const isBullet = (line: string) => bulletPattern.test(line)
const stripBullet = (line: string) => line.replace(bulletPattern, '').trim()
const wordCount = (text: string) => (text.match(/\S+/g) ?? []).length

// Sections -----------------------------------------------------------------------------------------------------------

const headingWords: Record<SectionKey, string[]> = {
  summary: [
    'summary', 'professional summary', 'career summary', 'executive summary', 'profile', 'personal profile',
    'professional profile', 'career profile', 'about', 'about me', 'objective', 'career objective', 'personal statement',
  ],
  experience: [
    'experience', 'work experience', 'professional experience', 'relevant experience', 'employment', 'employment history',
    'work history', 'career history', 'professional background', 'career', 'positions held', 'experience and employment',
  ],
  education: [
    'education', 'education and training', 'education and qualifications', 'academic background', 'academic history',
    'qualifications', 'academic qualifications', 'studies',
  ],
  skills: [
    'skills', 'technical skills', 'key skills', 'core skills', 'skills and tools', 'skills and technologies',
    'skills and competencies', 'core competencies', 'competencies', 'technologies', 'tech stack', 'tools',
    'areas of expertise', 'expertise', 'technical expertise', 'skill set', 'skillset',
  ],
  contact: ['contact', 'contact details', 'contact information', 'personal details', 'personal information', 'details'],
  other: [
    'projects', 'personal projects', 'key projects', 'certifications', 'certificates', 'licenses and certifications',
    'languages', 'interests', 'hobbies', 'hobbies and interests', 'references', 'publications', 'awards', 'honors',
    'honours', 'awards and honours', 'achievements', 'key achievements', 'volunteering', 'volunteer experience',
    'courses', 'training', 'activities', 'additional information', 'memberships', 'patents', 'talks',
  ],
}
const headings = new Map(Object.entries(headingWords).flatMap(([key, words]) => words.map((word) => [word, key as SectionKey])))

function normaliseHeading(text: string): string {
  let value = text.trim()
  // Letter-spaced headings: "E X P E R I E N C E".
  if (/^(?:\S ){3,}\S$/.test(value)) value = value.replace(/ /g, '')
  return value
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** A whole line that is a known heading ("Work Experience", "SKILLS:", "## Education"), or "Skills: a, b, c". */
function headingOf(line: string): { key: SectionKey; rest: string } | undefined {
  if (!line || line.length > 80 || isBullet(line)) return undefined
  const colon = line.indexOf(':')
  const head = normaliseHeading(colon >= 0 ? line.slice(0, colon) : line)
  if (wordCount(head) > 5) return undefined
  const key = headings.get(head)
  return key && { key, rest: colon >= 0 ? line.slice(colon + 1).trim() : '' }
}

/**
 * Inline headings with content ("Label: items") do not always start a section. In Skills they are categories
 * ("Languages: Go, Python") and stay there; in an experience or education entry ("Technologies: React, Node") the line
 * goes to its own section but the entry goes on.
 */
function splitSections(lines: string[]): Sections {
  const sections: Sections = { header: [] }
  let key: keyof Sections = 'header'
  for (const line of lines) {
    const heading = headingOf(line)
    if (!heading) {
      sections[key]!.push(line)
      continue
    }
    if (heading.rest && key === 'skills') {
      sections.skills!.push(line)
      continue
    }
    const target = (sections[heading.key] ??= [])
    if (heading.rest && (key === 'experience' || key === 'education') && heading.key !== key) {
      target.push(heading.rest)
      continue
    }
    if (target.length > 0) target.push('')
    if (heading.rest) target.push(heading.rest)
    key = heading.key
  }
  return sections
}

// Header: name, contact details, headline -----------------------------------------------------------------------------

/** Header lines often hold several fields: "London, UK | jane@example.com | +44 7700 900123". */
function segmentsOf(line: string): string[] {
  return line
    .split(/[|•·●▪◆♦]|\t+|\s{3,}/)
    .map((part) => trimChars(part.replace(/^[^\p{L}\p{N}+(]+/u, ''), ' ,;:', true).trim())
    .filter(Boolean)
}

const nameParticles = new Set(
  ['van', 'von', 'de', 'der', 'den', 'da', 'di', 'del', 'della', 'du', 'dos', 'das', 'la', 'le', 'bin', 'binti', 'al', 'el'],
)
/** Words that make a capitalised line a heading or a job title rather than a name. */
const notNameWords = new Set([
  ...[...headings.keys()].flatMap((heading) => heading.split(' ')),
  'curriculum', 'vitae', 'resume', 'résumé', 'cv', 'confidential', 'engineer', 'developer', 'manager', 'designer',
  'analyst', 'consultant', 'director', 'senior', 'junior', 'lead', 'head', 'software', 'data', 'product', 'project',
  'specialist', 'architect', 'scientist', 'officer', 'assistant', 'intern', 'associate', 'executive', 'and', 'of', 'the',
  'for', 'in', 'at', 'street', 'road', 'avenue', 'united', 'kingdom', 'states', 'remote', 'london', 'new', 'york',
])

function looksLikeName(text: string): boolean {
  if (text.length < 4 || text.length > 60 || /[\d@:/\\,;()|]/.test(text)) return false
  const words = text.split(/\s+/)
  if (words.length > 6) return false
  let capitalised = 0
  for (const word of words) {
    if (nameParticles.has(word)) continue
    if (!/^\p{Lu}[\p{L}'’.-]*$/u.test(word) || notNameWords.has(word.toLowerCase())) return false
    capitalised++
  }
  return capitalised >= 2 && capitalised <= 4 && /^\p{Lu}/u.test(words[0]!)
}

/** "JANE DOE" → "Jane Doe"; mixed case is kept as written ("McDonald", "de la Cruz"). */
function tidyName(text: string): string {
  const name = text.replace(/\s+/g, ' ').trim()
  if (name !== name.toUpperCase()) return name
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())
}

function findName(header: string[], lines: string[]): string | null {
  const labelled = findLabelled(lines.slice(0, 40), /^(?:full )?name$/i)
  if (labelled && looksLikeName(labelled)) return tidyName(labelled)
  // The first short line that looks like a name, in the header, else near the top (a heading may come first).
  for (const line of [...header.slice(0, 12), ...lines.slice(0, 12)]) {
    for (const segment of segmentsOf(line)) if (looksLikeName(segment)) return tidyName(segment)
  }
  return null
}

/** Value of the first "Label: value" line (or header segment) whose label matches. */
function findLabelled(lines: string[], label: RegExp): string | null {
  for (const line of lines) {
    for (const segment of [line, ...segmentsOf(line)]) {
      const match = /^([\p{L} ]{2,30}?)\s*[:：]\s*(.+)$/u.exec(segment)
      if (match && label.test(match[1]!.trim())) return match[2]!.trim()
    }
  }
  return null
}

const locationPattern = /^\p{Lu}[\p{L}.'’ -]{1,40}(?:,\s*\p{Lu}[\p{L}.'’ -]{1,40}){1,2}$/u

function findLocation(contactArea: string[], lines: string[]): string | null {
  return (
    findLabelled(contactArea, /^(?:location|address|based in|city|residence|lives in)$/i) ??
    findLabelled(lines.slice(0, 80), /^(?:location|based in|city)$/i)
  )
}

/**
 * Header lines after the name: a "City, Country" segment is the location, the first other short segment that is not
 * contact data the headline, and prose (a line of 12+ words and the lines continuing it) the summary.
 */
function readHeader(header: string[], name: string | null) {
  let location: string | null = null
  let headline: string | null = null
  const prose: string[] = []
  let inProse = false
  let seenName = name === null
  for (const line of header.slice(0, 25)) {
    const contact = /[@|•·]|https?:|www\./i.test(line)
    if (!line || contact) inProse = false
    if (!line) continue
    if (!contact && (inProse || (prose.length === 0 && wordCount(line) >= 12))) {
      prose.push(line)
      inProse = true
      continue
    }
    for (const segment of segmentsOf(line)) {
      if (name && tidyName(segment) === name) {
        seenName = true
        continue
      }
      if (!seenName || /[@:]|https?|www\.|\.(?:com|org|net|io|dev)\b/i.test(segment) || isPhoneLike(segment)) continue
      if (!location && locationPattern.test(segment) && wordCount(segment) <= 6 && !looksLikeTitle(segment)) location = segment
      else if (!headline && /\p{L}{2}/u.test(segment) && segment.length <= 120 && !/\.$/.test(segment)) headline = segment
    }
  }
  return { location, headline, summary: prose.length ? prose.join(' ') : null }
}

function findEmail(areas: string[][]): string | null {
  for (const lines of areas) {
    for (const line of lines) {
      for (const token of line.split(/[\s,;|<>()[\]"'“”]+/)) {
        if (!token.includes('@') || token.length > 300) continue
        const candidate = trimChars(token.replace(/^mailto:/i, ''), '.:', true)
        if (emailPattern.test(candidate)) return candidate
      }
    }
  }
  return null
}

const phoneLabel = /\b(?:phone|tel|telephone|mobile|mob|cell|whatsapp)\b|[☎📞📱]/i
const phonePattern = /\+?\(?\d[\d\s().-]{6,18}\d/g

function isPhoneLike(text: string): boolean {
  const digits = text.replace(/\D/g, '').length
  if (digits < 8 || digits > 15) return false
  // Year ranges and dates are the usual impostors.
  if (/^(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}$/.test(text.trim())) return false
  if (/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(text.trim())) return false
  return true
}

/** Phone numbers only from the header/contact block or lines labelled as phones, never from dated body text. */
function findPhone(contactArea: string[], lines: string[]): string | null {
  for (const line of [...contactArea, ...lines.filter((line) => phoneLabel.test(line))]) {
    for (const match of line.matchAll(phonePattern)) {
      const candidate = match[0].replace(/\s+/g, ' ').trim()
      if (isPhoneLike(candidate)) return candidate
    }
  }
  return null
}

const profileHostNames = [
  'linkedin.com', 'github.com', 'gitlab.com', 'bitbucket.org', 'behance.net', 'dribbble.com', 'stackoverflow.com',
  'medium.com', 'twitter.com', 'x.com', 'kaggle.com', 'dev.to', 'substack.com',
]
/** Bare links without a scheme or "www." are recognised only on these hosts: "github.com/jane". */
const hostAlternatives = profileHostNames.map((host) => host.replace('.', '\\.')).join('|')
const profileHosts = new RegExp(`^(?:[a-z\\d-]+\\.)*(?:${hostAlternatives})(?:[/?#]|$)`, 'i')

function findLinks(lines: string[]): string[] {
  const links: string[] = []
  for (const line of lines) {
    for (const token of line.split(/[\s|,;<>()[\]"'“”]+/)) {
      if (token.length < 5 || token.length > profileLimits.link) continue
      if (!/^(?:https?:\/\/|www\.)/i.test(token) && !profileHosts.test(token)) continue
      const link = normaliseLink(token)
      if (link) links.push(link)
    }
  }
  return links
}

// Skills -------------------------------------------------------------------------------------------------------------

/** Splits at commas, semicolons, pipes, bullets and tabs, but not inside parentheses: "JavaScript (ES2022, Node)". */
function splitList(line: string): string[] {
  const items: string[] = []
  let depth = 0
  let item = ''
  for (const c of line) {
    if (c === '(' || c === '[') depth++
    else if ((c === ')' || c === ']') && depth > 0) depth--
    if (depth === 0 && /[,;|•·●▪■◦\t]/.test(c)) {
      items.push(item)
      item = ''
    } else {
      item += c
    }
  }
  items.push(item)
  return items
}

function parseSkills(lines: string[]): string[] {
  const skills: string[] = []
  for (const raw of lines) {
    // "Languages: TypeScript, Go" → the category label is not a skill.
    const line = stripBullet(raw).replace(/^[\p{L}][\p{L} &/+-]{1,30}:\s+/u, '')
    for (const part of splitList(line)) {
      if (part.length > 80) continue
      const skill = trimChars(stripBullet(part).replace(/^(?:and|&)\s+/i, ''), '.;: ', true)
      if (skill && skill.length <= 60 && wordCount(skill) <= 5 && /[\p{L}\p{N}]/u.test(skill)) skills.push(skill)
    }
  }
  return skills
}

// Periods ------------------------------------------------------------------------------------------------------------

const months = [
  'jan(?:uary)?', 'feb(?:ruary)?', 'mar(?:ch)?', 'apr(?:il)?', 'may', 'june?', 'july?', 'aug(?:ust)?', 'sep(?:t(?:ember)?)?',
  'oct(?:ober)?', 'nov(?:ember)?', 'dec(?:ember)?',
]
const month = `(?:${months.join('|')})\\.?`
const point = `(?:${month}\\s+(?:19|20)\\d{2}|(?:0?[1-9]|1[0-2])[/.](?:19|20)\\d{2}|(?:19|20)\\d{2}(?:-(?:0[1-9]|1[0-2]))?)`
const openEnd = '(?:present|current|now|today|date|ongoing)'
const rangePattern = new RegExp(`\\b(${point})\\s*(?:-|–|—|to|until|till)\\s*(${point}|${openEnd})\\b`, 'i')
const sincePattern = new RegExp(`\\b(?:since|from)\\s+(${point})\\b`, 'i')
const pointPattern = new RegExp(`\\b${point}\\b`, 'i')

type Period = { text: string; index: number; length: number }

/** "2019 – 2023", "Jan 2020 - Present", "03/2018 to 06/2020", "since 2021"; with `single`, also "2015" or "June 2015". */
function findPeriod(line: string, single = false): Period | undefined {
  const range = rangePattern.exec(line)
  if (range) {
    const end = /\d/.test(range[2]!) ? range[2]! : capitalise(range[2]!)
    return { text: `${range[1]} – ${end}`, index: range.index, length: range[0].length }
  }
  const since = sincePattern.exec(line)
  if (since) return { text: `Since ${since[1]}`, index: since.index, length: since[0].length }
  if (!single) return undefined
  const at = pointPattern.exec(line)
  return at ? { text: at[0], index: at.index, length: at[0].length } : undefined
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()

/** The line without its period, and without the brackets and separators left around it. */
function withoutPeriod(line: string, period: Period): string {
  return tidyPart(`${line.slice(0, period.index)} ${line.slice(period.index + period.length)}`)
}

const tidyPart = (text: string) => trimChars(text.replace(/\(\s*\)|\[\s*\]/g, ' ').replace(/\s+/g, ' '), ' |,;:·•–—-')

// Experience ---------------------------------------------------------------------------------------------------------

/**
 * A case-insensitive whole-word pattern. \\b is ASCII-only, so words are delimited by letter/digit lookarounds instead
 * ("université", "école"). The words are regex fragments ("freelancers?").
 */
const wordPattern = (words: string[], suffix = '') =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})${suffix}(?![\\p{L}\\p{N}])`, 'iu')

const titleWords = wordPattern(
  [
    'engineer', 'developer', 'programmer', 'manager', 'director', 'designer', 'analyst', 'consultant', 'intern', 'lead',
    'head', 'officer', 'specialist', 'architect', 'scientist', 'administrator', 'coordinator', 'assistant', 'associate',
    'executive', 'president', 'vp', 'founder', 'co-founder', 'cto', 'ceo', 'cfo', 'coo', 'teacher', 'lecturer', 'professor',
    'nurse', 'accountant', 'owner', 'scrum master', 'technician', 'researcher', 'editor', 'writer', 'recruiter',
    'representative', 'advisor', 'adviser', 'supervisor', 'principal', 'trainee', 'apprentice', 'fellow', 'volunteer',
    'freelancer?', 'contractor', 'tester', 'devops', 'sre', 'attorney', 'lawyer', 'paralegal', 'physician', 'therapist',
    'pharmacist', 'mechanic', 'electrician', 'chef', 'agent', 'clerk', 'operator', 'strategist', 'auditor', 'economist',
    'statistician', 'tutor', 'coach', 'planner', 'buyer', 'partner',
  ],
  's?',
)
const organizationWords = wordPattern([
  'inc', 'ltd', 'llc', 'llp', 'gmbh', 'ag', 'sa', 'bv', 'plc', 'corp', 'corporation', 'company', 'co', 'group', 'limited',
  'technologies', 'labs', 'university', 'college', 'school', 'bank', 'agency', 'studios?', 'hospital', 'institute',
  'foundation', 'council', 'ministry', 'nhs', 'systems', 'solutions', 'consulting', 'partners',
])

const looksLikeTitle = (text: string) => titleWords.test(text)
const looksLikeOrganization = (text: string) => organizationWords.test(text)

/** Short, non-bullet, not a sentence: a candidate for an entry's title or organisation line. */
const isEntryLine = (line: string) =>
  line !== '' &&
  !isBullet(line) &&
  line.length <= 120 &&
  wordCount(line) <= 12 &&
  (!/\.$/.test(line) || organizationWords.test(line))

/** "Title at Org", "Title — Org", "Title | Org | City", "Title, Org, City" → title and organisation. */
function splitRole(text: string): { title: string; organization: string | null } {
  const at = /^(.+?)\s+(?:at|@)\s+(.+)$/i.exec(text)
  if (at) return { title: tidyPart(at[1]!), organization: tidyPart(at[2]!) || null }
  let parts = text.split(/\s+[|–—·•-]\s+|\t+/).map(tidyPart).filter(Boolean)
  if (parts.length < 2) {
    const commaParts = text.split(/,\s*/).map(tidyPart).filter(Boolean)
    // A comma alone is weak evidence: only split when a part reads like a title or an organisation.
    if (commaParts.length >= 2 && (looksLikeTitle(commaParts[0]!) || looksLikeOrganization(commaParts[1]!))) parts = commaParts
    else if (commaParts.length >= 2 && looksLikeOrganization(commaParts[0]!) && looksLikeTitle(commaParts[1]!)) parts = commaParts
  }
  if (parts.length < 2) return { title: tidyPart(text), organization: null }
  return pickRole(parts[0]!, parts[1]!)
}

/** Two parts of unknown order: the one that reads like a job title is the title; by default the first. */
function pickRole(first: string, second: string): { title: string; organization: string } {
  const swap =
    (looksLikeTitle(second) && !looksLikeTitle(first)) || (looksLikeOrganization(first) && !looksLikeOrganization(second))
  return swap ? { title: second, organization: first } : { title: first, organization: second }
}

/**
 * Entries are anchored on dated lines. The title and organisation come from the rest of that line and/or the short
 * non-bullet lines right above it — or below it, in CVs that put the date first (learnt from the first entry that
 * needed it). Lines already used are not reused. Undated "Title at Organisation" lines are entries without a period.
 */
function parseExperience(lines: string[]): ExperienceEntry[] {
  const entries: Array<ExperienceEntry & { line: number }> = []
  const used = new Set<number>()
  const periods = lines.map((line) => (isBullet(line) ? undefined : findPeriod(line)))
  /** Up to `limit` entry lines next to `from`, nearest first. */
  const neighbours = (from: number, step: 1 | -1, limit: number) => {
    const found: number[] = []
    for (let i = from + step; i >= 0 && i < lines.length && found.length < limit; i += step) {
      if (used.has(i) || periods[i] || !isEntryLine(lines[i]!)) break
      found.push(i)
    }
    return found
  }
  let dateFirst = false

  periods.forEach((period, index) => {
    if (!period) return
    used.add(index)
    const rest = withoutPeriod(lines[index]!, period)
    let role: { title: string; organization: string | null }
    if (rest) {
      role = splitRole(rest)
      const above = role.organization || dateFirst ? undefined : neighbours(index, -1, 1)[0]
      if (above !== undefined) {
        // "Acme Corp" / "Senior Engineer | 2019 – 2023": the line above is the organisation, or the title.
        role = pickRole(lines[above]!, role.title)
        used.add(above)
      }
    } else {
      const above = dateFirst ? [] : neighbours(index, -1, 2)
      const near = above.length ? above : neighbours(index, 1, 2)
      if (near.length === 0) return
      if (!above.length) dateFirst = true
      const nearest = splitRole(lines[near[0]!]!)
      if (near.length === 1 || nearest.organization) {
        role = nearest
        used.add(near[0]!)
      } else {
        // Two lines: read them top to bottom.
        const [top, bottom] = above.length ? [near[1]!, near[0]!] : [near[0]!, near[1]!]
        role = pickRole(lines[top]!, lines[bottom]!)
        near.forEach((i) => used.add(i))
      }
    }
    if (role.title) entries.push({ ...role, period: period.text, line: index })
  })

  lines.forEach((line, index) => {
    if (used.has(index) || !isEntryLine(line)) return
    const match = /^(.+?)\s+(?:at|@)\s+(.+)$/i.exec(line)
    if (match && looksLikeTitle(match[1]!)) entries.push({ ...splitRole(line), period: null, line: index })
  })
  return entries.sort((a, b) => a.line - b.line).map(({ line: _, ...entry }) => entry)
}

// Education ----------------------------------------------------------------------------------------------------------

/** Abbreviations are matched case-sensitively: "MS", "BA" and "MA" are too common as lowercase words. */
const degreeAbbreviations = new RegExp(
  `(?<![\\p{L}])(?:${[
    'B\\.?Sc', 'M\\.?Sc', 'B\\.?A', 'M\\.?A', 'B\\.?Eng', 'M\\.?Eng', 'Ph\\.?D', 'D\\.?Phil', 'MBA', 'LL\\.?B', 'LL\\.?M',
    'B\\.?Ed', 'M\\.?Ed', 'BBA', 'B\\.?Tech', 'M\\.?Tech', 'BS', 'MS', 'MRes', 'MPhil', 'PGCE', 'PGDip', 'BFA', 'MFA', 'MD',
    'JD', 'BCom', 'MCom', 'BArch', 'HND', 'HNC', 'GCSEs?', 'A-?Levels?', 'IB',
  ].join('|')})(?![\\p{L}])`,
  'u',
)
const degreeWords = wordPattern([
  'bachelors?', 'masters?', 'doctor', 'doctorate', 'diploma', 'degree', 'certificate', 'certification', 'associate',
  'baccalaureate', 'abitur', 'licence', 'licenciatura', 'honours', 'hons', 'a levels?', 'gcses?',
])
const institutionWords = wordPattern([
  'university', 'universit[aäàé]t?', 'universidad', 'universidade', 'universiteit', 'college', 'school', 'schule',
  'escola', 'escuela', 'scuola', 'institute', 'institut', 'academy', 'polytechnic', 'politecnico', 'conservatory',
  '[eé]cole', 'hochschule', 'lyceum', 'gymnasium', 'faculty',
])

const isQualification = (text: string) => degreeAbbreviations.test(text) || degreeWords.test(text)
const isInstitution = (text: string) => institutionWords.test(text) && !isQualification(text)

/**
 * Each non-bullet line contributes a qualification (degree words), an institution (university, college…) and/or a period
 * (ranges or a single year). A field that the current entry already has starts a new entry; a blank line after a
 * complete entry ends it. Parts that are neither (a city, a grade) are ignored; entries without a qualification dropped.
 */
function parseEducation(lines: string[]): EducationEntry[] {
  type Draft = { qualification?: string; institution?: string; period?: string }
  const entries: EducationEntry[] = []
  let current: Draft | undefined
  const flush = () => {
    if (current?.qualification) {
      const { qualification, institution = null, period = null } = current
      entries.push({ qualification, institution, period })
    }
    current = undefined
  }

  for (const line of lines) {
    if (!line) {
      if (current?.qualification && current.institution) flush()
      continue
    }
    if (isBullet(line) || line.length > 200) continue
    const period = findPeriod(line, true)
    const rest = period ? withoutPeriod(line, period) : line
    const at = /^(.+?)\s+(?:at|@|from)\s+(.+)$/i.exec(rest)
    const parts = (at ? [at[1]!, at[2]!] : rest.split(/\s+[|–—·•-]\s+|\t+|,\s*/)).map(tidyPart).filter(Boolean)
    const institution = parts.find(isInstitution)
    const others = parts.filter((part) => part !== institution).join(', ')
    let qualification = others && isQualification(others) ? others : undefined
    if (!qualification && !institution && !period) {
      // A bare field of study under an institution line: "University of Leeds" / "Computer Science".
      if (current?.institution && !current.qualification && wordCount(rest) <= 6 && !rest.includes(':')) qualification = rest
      else continue
    }
    if (
      current &&
      ((qualification && current.qualification) ||
        (institution && current.institution) ||
        (period && current.period && !qualification && !institution))
    ) {
      flush()
    }
    current ??= {}
    if (qualification) current.qualification = qualification
    if (institution) current.institution = institution
    if (period) current.period ??= period.text
  }
  flush()
  return entries
}

// Summary ------------------------------------------------------------------------------------------------------------

function joinParagraph(lines: string[]): string | null {
  const text = lines
    .map((line) => stripBullet(line))
    .filter(Boolean)
    .join(' ')
  return text || null
}
