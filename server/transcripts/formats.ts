/**
 * Interview transcript import, the alternative to uploading a recording: WebVTT, SRT, JSON (plain segment arrays,
 * Whisper verbose_json, AssemblyAI utterances) and plain text become ordered speaker turns. Pure and synchronous.
 * The input is untrusted: parsing is line-based, regexes are anchored or single-pass, and size/segment limits apply.
 * Decisions are summarised in README.md next to this file.
 */

export type TranscriptSegment = { speaker: string; startMs: number; endMs: number; text: string }
export type TranscriptFormat = 'webvtt' | 'srt' | 'json' | 'text'

export const maxTranscriptBytes = 5 * 1024 * 1024
export const maxSegments = 50_000
/** Consecutive turns of one speaker merge when the silence between them is under mergeGapMs and the text stays short. */
export const mergeGapMs = 1000
export const mergeMaxChars = 1000
/** Plain text without timestamps is timed at 150 words per minute. */
const msPerWord = 60_000 / 150
const defaultSpeaker = 'Speaker 1'

export class TranscriptFormatError extends Error {
  override name = 'TranscriptFormatError'
  /** 1-based line of the input, when the problem can be pinned to one. */
  readonly line?: number

  constructor(message: string, line?: number) {
    super(line === undefined ? message : `Line ${line}: ${message}`)
    this.line = line
  }
}

type RawSegment = { speaker?: string; startMs: number; endMs: number; text: string; line?: number }

/** Content decides first (header, SRT cue shape, JSON opener); the file extension only breaks ties; the rest is text. */
export function detectFormat(text: string, filename?: string): TranscriptFormat {
  const head = stripBom(text.slice(0, 4096)).trimStart()
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(head)) return 'webvtt'
  // '[' alone is not enough: plain-text transcripts often start with "[00:01:02] Name: ...".
  if (head.startsWith('{') || /^\[\s*[{\]]/.test(head)) return 'json'
  const [first = '', second = ''] = head.split(/\r\n|\r|\n/, 2)
  if ((/^\d+$/.test(first.trim()) && srtTimingPattern.test(second)) || srtTimingPattern.test(first)) return 'srt'
  const ext = filename?.toLowerCase().split('.').pop()
  if (ext === 'vtt') return 'webvtt'
  if (ext === 'srt') return 'srt'
  if (ext === 'json') return 'json'
  return 'text'
}

const srtTimingPattern = /^\s*\d{1,4}:\d{2}:\d{2},\d{1,3}\s*-->/

/** Parses any supported format (detected from the content when not given) into normalised segments. */
export function parseTranscript(text: string, format: TranscriptFormat = detectFormat(text)): TranscriptSegment[] {
  switch (format) {
    case 'webvtt':
      return parseWebVtt(text)
    case 'srt':
      return parseSrt(text)
    case 'json':
      return parseJsonTranscript(text)
    case 'text':
      return parseText(text)
  }
}

/** WebVTT: header required; NOTE/STYLE/REGION blocks skipped; voice spans or a "Name:" prefix give the speaker. */
export function parseWebVtt(text: string): TranscriptSegment[] {
  checkSize(text)
  const lines = splitLines(text)
  if (!/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? '')) throw new TranscriptFormatError('a WebVTT file must start with "WEBVTT"', 1)
  const raw: RawSegment[] = []
  let i = 1
  // Header metadata ("Kind: captions") runs to the first blank line; tolerate a cue that follows without one.
  while (i < lines.length && lines[i]!.trim() !== '' && !lines[i]!.includes('-->')) i++
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++
      continue
    }
    const blockStart = i
    while (i < lines.length && lines[i]!.trim() !== '') i++
    const block = lines.slice(blockStart, i)
    if (/^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0]!)) continue
    // The cue identifier is optional: the timing is on the first or the second line of the block.
    const timingIndex = block[0]!.includes('-->') ? 0 : block[1]?.includes('-->') ? 1 : -1
    if (timingIndex < 0) {
      const expected = 'expected a cue timing such as "00:01.000 --> 00:04.000" in the cue starting here'
      throw new TranscriptFormatError(expected, blockStart + 1)
    }
    const line = blockStart + timingIndex + 1
    const timing = parseTiming(block[timingIndex]!, line)
    for (const part of cueParts(block.slice(timingIndex + 1).join('\n'))) raw.push({ ...timing, ...part, line })
    checkCount(raw.length)
  }
  return normalise(raw)
}

/** SRT: numbered cues with "hh:mm:ss,ttt --> hh:mm:ss,ttt"; text lines join with a space; "Name:" gives the speaker. */
export function parseSrt(text: string): TranscriptSegment[] {
  checkSize(text)
  const lines = splitLines(text)
  const raw: RawSegment[] = []
  let cue: { startMs: number; endMs: number; lines: string[]; line: number } | undefined
  const flush = () => {
    if (!cue) return
    for (const part of cueParts(cue.lines.join('\n'))) raw.push({ startMs: cue.startMs, endMs: cue.endMs, ...part, line: cue.line })
    checkCount(raw.length)
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    const previous = i > 0 ? lines[i - 1]!.trim() : ''
    if (line.includes('-->')) {
      // The cue number right above a timing belongs to the new cue, not to the previous cue's text.
      if (cue && /^\d+$/.test(previous) && cue.lines.at(-1) === previous) cue.lines.pop()
      flush()
      cue = { ...parseTiming(line, i + 1), lines: [], line: i + 1 }
    } else if (/^\d+$/.test(previous) && previous !== '' && (i < 2 || lines[i - 2]!.trim() === '') && line !== '') {
      // "blank, number, <this line>": this must have been the timing line.
      const expected = `expected a timing such as "00:00:01,000 --> 00:00:04,000" after cue number ${previous}`
      throw new TranscriptFormatError(expected, i + 1)
    } else if (cue) {
      if (line) cue.lines.push(line)
    } else if (line && !/^\d+$/.test(line)) {
      throw new TranscriptFormatError('expected a cue number or a timing such as "00:00:01,000 --> 00:00:04,000"', i + 1)
    }
  }
  flush()
  return normalise(raw)
}

/**
 * JSON: an array of { speaker, start, end, text } (seconds) or { speaker, startMs, endMs, text }; Whisper verbose_json
 * { segments: [...] } (seconds); AssemblyAI { utterances: [...] } (milliseconds, speakers 'A', 'B' → 'Speaker A').
 */
export function parseJsonTranscript(text: string): TranscriptSegment[] {
  checkSize(text)
  let data: unknown
  try {
    data = JSON.parse(stripBom(text))
  } catch (err) {
    throw new TranscriptFormatError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  let items: unknown[]
  let label = 'segments'
  let assembly = false
  if (Array.isArray(data)) items = data
  else if (isRecord(data) && Array.isArray(data.utterances)) [items, label, assembly] = [data.utterances, 'utterances', true]
  else if (isRecord(data) && Array.isArray(data.segments)) items = data.segments
  else {
    throw new TranscriptFormatError('expected an array of segments, or an object with "segments" (Whisper) or "utterances" (AssemblyAI)')
  }
  checkCount(items.length)

  // Anonymous diarisation labels (numbers, pyannote's SPEAKER_00) become 'Speaker 1', 'Speaker 2'… by first appearance.
  const numbered = new Map<string, string>()
  const anonymous = (key: string) => numbered.get(key) ?? numbered.set(key, `Speaker ${numbered.size + 1}`).get(key)!
  const raw = items.map((item, index): RawSegment => {
    const where = `${label}[${index}]`
    if (!isRecord(item)) throw new TranscriptFormatError(`${where} must be an object`)
    if (typeof item.text !== 'string') throw new TranscriptFormatError(`${where}.text must be a string`)
    const inMs = 'startMs' in item || 'endMs' in item
    const startMs = toMs(inMs ? item.startMs : item.start, inMs || assembly ? 1 : 1000, `${where}.${inMs ? 'startMs' : 'start'}`)
    const endMs = toMs(inMs ? item.endMs : item.end, inMs || assembly ? 1 : 1000, `${where}.${inMs ? 'endMs' : 'end'}`)
    if (endMs < startMs) throw new TranscriptFormatError(`${where} ends before it starts (negative duration)`)
    let speaker: string | undefined
    const value = item.speaker
    if (typeof value === 'number' && Number.isFinite(value)) speaker = anonymous(String(value))
    else if (typeof value === 'string') {
      const name = value.trim()
      if (/^SPEAKER_\d+$/i.test(name)) speaker = anonymous(name.toUpperCase())
      else speaker = assembly && /^[A-Z]{1,2}$/.test(name) ? `Speaker ${name}` : name || undefined
    } else if (value !== undefined && value !== null) throw new TranscriptFormatError(`${where}.speaker must be a string`)
    return { speaker, startMs, endMs, text: item.text }
  })
  return normalise(raw)
}

/**
 * Plain text: one turn per line or paragraph. "Name: text" starts a turn; a leading "[00:01:02]", "(01:02)" or
 * "00:01:02" sets its start; other lines continue the current turn, and a blank line ends it (the next unnamed paragraph
 * keeps the previous speaker). Untimed turns start where the previous one ended and last 150 words per minute.
 */
export function parseText(text: string): TranscriptSegment[] {
  checkSize(text)
  type Turn = { speaker?: string; atMs?: number; parts: string[]; line: number }
  const turns: Turn[] = []
  let current: Turn | undefined
  splitLines(text).forEach((rawLine, index) => {
    let line = rawLine.trim()
    if (!line) {
      current = undefined
      return
    }
    const stamp = leadingTimestamp(line)
    if (stamp) line = stamp.rest
    const named = splitSpeaker(clean(line))
    if (named.speaker !== undefined || stamp || !current) {
      current = { speaker: named.speaker ?? turns.at(-1)?.speaker, atMs: stamp?.ms, parts: [named.text], line: index + 1 }
      turns.push(current)
      checkCount(turns.length)
    } else {
      current.parts.push(line)
    }
  })
  let cursor = 0
  const raw = turns.map((turn, i): RawSegment => {
    const text = clean(turn.parts.join(' '))
    const startMs = turn.atMs ?? cursor
    const next = turns[i + 1]?.atMs
    // A turn lasts until the next timestamp when there is one ahead of it, else for its estimated speaking time.
    const endMs = next !== undefined && next >= startMs ? next : startMs + Math.max(1, text.split(' ').length) * msPerWord
    cursor = endMs
    return { speaker: turn.speaker, startMs, endMs, text, line: turn.line }
  })
  return normalise(raw)
}

// ---------------------------------------------------------------------------------------------------------------------

function checkSize(text: string) {
  if (typeof text !== 'string') throw new TranscriptFormatError('a transcript must be text')
  if (text.length > maxTranscriptBytes || Buffer.byteLength(text, 'utf8') > maxTranscriptBytes) {
    throw new TranscriptFormatError(`the transcript is larger than ${maxTranscriptBytes / 1024 / 1024} MB`)
  }
}

function checkCount(count: number) {
  if (count > maxSegments) throw new TranscriptFormatError(`the transcript has more than ${maxSegments} segments`)
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
const splitLines = (text: string) => stripBom(text).split(/\r\n|\r|\n/)
const clean = (text: string) => text.replace(/\s+/g, ' ').trim()
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function toMs(value: unknown, scale: number, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TranscriptFormatError(`${where} must be a non-negative number of ${scale === 1 ? 'milliseconds' : 'seconds'}`)
  }
  return Math.round(value * scale)
}

/** "hh:mm:ss.ttt", "mm:ss.ttt" (VTT) or "hh:mm:ss,ttt" (SRT); fractions of 1–3 digits are read as decimals. */
const clockPattern = /^(?:(\d{1,4}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/

function parseClock(value: string): number | undefined {
  const match = clockPattern.exec(value)
  if (!match) return undefined
  const minutes = Number(match[2])
  const seconds = Number(match[3])
  if (minutes > 59 || seconds > 59) return undefined
  return ((Number(match[1] ?? 0) * 60 + minutes) * 60 + seconds) * 1000 + Number((match[4] ?? '').padEnd(3, '0'))
}

/** "start --> end [cue settings]"; settings after the end time are ignored. */
function parseTiming(line: string, lineNo: number): { startMs: number; endMs: number } {
  const arrow = line.indexOf('-->')
  const rest = line.slice(arrow + 3).trimStart()
  const space = rest.search(/\s/)
  const startMs = parseClock(line.slice(0, arrow).trim())
  const endMs = parseClock(space < 0 ? rest : rest.slice(0, space))
  const shown = line.length > 80 ? `${line.slice(0, 77)}...` : line
  if (startMs === undefined || endMs === undefined) {
    throw new TranscriptFormatError(`invalid cue timing "${shown}" (expected e.g. "00:00:01.000 --> 00:00:04.000")`, lineNo)
  }
  if (endMs < startMs) throw new TranscriptFormatError(`cue ends before it starts (negative duration) in "${shown}"`, lineNo)
  return { startMs, endMs }
}

/**
 * Cue text → one part per WebVTT voice span (<v Name> or <v.class Name>); all other tags (<b>, <i>, <c.x>, <font>,
 * <00:01.000>) and SRT/ASS overrides ({\an8}) are dropped; entities are decoded after tags so "&lt;" stays literal.
 * Parts without a voice take a "Name: text" prefix as speaker. Scans with indexOf only: linear on hostile input.
 */
function cueParts(text: string): Array<{ speaker?: string; text: string }> {
  const parts: Array<{ speaker?: string; text: string }> = [{ text: '' }]
  const append = (chunk: string) => (parts[parts.length - 1]!.text += chunk)
  let i = 0
  while (i < text.length) {
    const open = text.indexOf('<', i)
    const close = open < 0 ? -1 : text.indexOf('>', open + 1)
    if (close < 0) {
      append(text.slice(i))
      break
    }
    append(text.slice(i, open))
    const tag = text.slice(open + 1, close).trim()
    if (tag === 'v' || /^v[.\s]/.test(tag)) {
      const space = tag.search(/\s/)
      parts.push({ speaker: space < 0 ? undefined : clean(tag.slice(space)) || undefined, text: '' })
    }
    i = close + 1
  }
  return parts.map((part) => {
    const body = clean(decodeEntities(dropOverrides(part.text)))
    return part.speaker === undefined ? splitSpeaker(body) : { speaker: part.speaker, text: body }
  })
}

function dropOverrides(text: string): string {
  let out = ''
  let i = 0
  for (;;) {
    const open = text.indexOf('{\\', i)
    const close = open < 0 ? -1 : text.indexOf('}', open)
    if (close < 0) return out + text.slice(i)
    out += text.slice(i, open)
    i = close + 1
  }
}

const entityPattern = /&(amp|lt|gt|nbsp|quot|apos|lrm|rlm|#\d{1,7}|#x[\da-f]{1,6});/gi
const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', quot: '"', apos: "'", lrm: '', rlm: '' }

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(entityPattern, (whole, name: string) => {
    if (!name.startsWith('#')) return namedEntities[name.toLowerCase()] ?? whole
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole
  })
}

/**
 * "Name: text" → speaker Name. A name is 1–40 characters, not digits only, without "http", and the colon must be
 * followed by whitespace or the end, so "10:30", "https://…" and "at 10:30 we met" are not speakers.
 */
function splitSpeaker(text: string): { speaker?: string; text: string } {
  const colon = text.indexOf(':')
  if (colon < 1 || colon > 60) return { text }
  const after = text[colon + 1]
  if (after !== undefined && after !== ' ' && after !== '\t') return { text }
  const name = text.slice(0, colon).trim()
  if (name.length < 1 || name.length > 40 || /^\d+$/.test(name) || /http/i.test(name)) return { text }
  return { speaker: name, text: text.slice(colon + 1).trim() }
}

/** A leading "[00:01:02]", "(01:02)" or "00:01:02" (optionally followed by "-", "|" or ":") on a plain-text line. */
function leadingTimestamp(line: string): { ms: number; rest: string } | undefined {
  let token: string
  let rest: string
  const first = line[0]!
  if (first === '[' || first === '(') {
    const close = line.indexOf(first === '[' ? ']' : ')')
    if (close < 0 || close > 20) return undefined
    token = line.slice(1, close)
    rest = line.slice(close + 1)
  } else if (first >= '0' && first <= '9') {
    const space = line.search(/\s/)
    token = space < 0 ? line : line.slice(0, space)
    rest = space < 0 ? '' : line.slice(space)
  } else {
    return undefined
  }
  const ms = parseClock(token.trim())
  return ms === undefined ? undefined : { ms, rest: rest.replace(/^[\s\-–—|:]+/, '') }
}

/**
 * Shared by every format: collapse whitespace, drop empty text, refuse negative durations, default the speaker, sort by
 * start (stable), then merge consecutive turns of one speaker when the gap is under mergeGapMs and the merged text stays
 * under mergeMaxChars (caption tools split sentences into many short cues; long monologues stay separate).
 */
function normalise(raw: RawSegment[]): TranscriptSegment[] {
  checkCount(raw.length)
  const segments: TranscriptSegment[] = []
  for (const segment of raw) {
    const { startMs, endMs } = segment
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs < 0) {
      throw new TranscriptFormatError('segment has an invalid time', segment.line)
    }
    if (endMs < startMs) throw new TranscriptFormatError('segment ends before it starts (negative duration)', segment.line)
    const text = clean(segment.text)
    if (text) segments.push({ speaker: clean(segment.speaker ?? '') || defaultSpeaker, startMs, endMs, text })
  }
  segments.sort((a, b) => a.startMs - b.startMs)
  const merged: TranscriptSegment[] = []
  for (const segment of segments) {
    const last = merged.at(-1)
    if (
      last &&
      last.speaker === segment.speaker &&
      segment.startMs - last.endMs < mergeGapMs &&
      last.text.length + 1 + segment.text.length < mergeMaxChars
    ) {
      last.text = `${last.text} ${segment.text}`
      last.endMs = Math.max(last.endMs, segment.endMs)
    } else {
      merged.push({ ...segment })
    }
  }
  return merged
}
