/**
 * A reader for the calendar invites people send to the meeting mailbox
 * (iCalendar, RFC 5545): the events of a VCALENDAR with what an interview
 * needs — UID and SEQUENCE, METHOD (REQUEST or CANCEL), summary, start and
 * end in UTC (Z, TZID through the runtime's time-zone data, or floating as
 * UTC), organizer, attendees and the meeting link. Anything else is ignored.
 * It never throws on odd content; it throws IcsError only when there is no
 * usable event, or when the input is beyond the limits below.
 */
export class IcsError extends Error {}

export const icsLimits = { maxBytes: 512 * 1024, maxEvents: 20, maxAttendees: 100 }

export type IcsPerson = { email: string; name: string | null }
export type IcsEvent = {
  uid: string
  sequence: number
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH' | 'OTHER'
  cancelled: boolean
  summary: string
  start: Date
  end: Date | null
  organizer: IcsPerson | null
  attendees: IcsPerson[]
  meetingUrl: string | null
}

type Property = { name: string; params: Record<string, string>; value: string }

/** Unfolds continuation lines (a line starting with a space or tab continues the previous one). */
function unfold(text: string) {
  return text.replace(/\r\n|\r/g, '\n').replace(/\n[ \t]/g, '').split('\n')
}

function parseProperty(line: string): Property | null {
  // NAME;PARAM=VALUE;PARAM="QUOTED:VALUE":value — the first colon outside quotes ends the parameters.
  let inQuotes = false
  let colon = -1
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') inQuotes = !inQuotes
    else if (line[i] === ':' && !inQuotes) {
      colon = i
      break
    }
  }
  if (colon <= 0) return null
  const [name, ...rawParams] = line.slice(0, colon).split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)
  const params: Record<string, string> = {}
  for (const raw of rawParams) {
    const eq = raw.indexOf('=')
    if (eq > 0) params[raw.slice(0, eq).toUpperCase()] = raw.slice(eq + 1).replace(/^"|"$/g, '')
  }
  return { name: name!.toUpperCase(), params, value: line.slice(colon + 1) }
}

const unescapeText = (value: string) => value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch))

/** The offset of a time zone at an instant, in minutes east of UTC, from the runtime's tz database. */
function zoneOffsetMinutes(timeZone: string, at: Date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - at.getTime()) / 60_000)
}

/** A DATE-TIME or DATE value as a UTC instant; null when it cannot be read. */
export function parseIcsDate(value: string, tzid?: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value.trim())
  if (!m) return null
  const [, y, mo, d, h = '00', mi = '00', s = '00', z] = m
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  if (Number.isNaN(wall)) return null
  if (z || !tzid) return new Date(wall)
  try {
    // The wall-clock time in the zone: correct by the zone's offset, twice to settle across a DST change.
    let instant = wall - zoneOffsetMinutes(tzid, new Date(wall)) * 60_000
    instant = wall - zoneOffsetMinutes(tzid, new Date(instant)) * 60_000
    return new Date(instant)
  } catch {
    return new Date(wall) // an unknown zone name: read as UTC rather than drop the invite
  }
}

function person(property: Property | undefined): IcsPerson | null {
  if (!property) return null
  const email = property.value.replace(/^mailto:/i, '').trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return null
  const name = property.params.CN ? unescapeText(property.params.CN).trim() : null
  return { email, name: name || null }
}

const meetingHosts = /^https:\/\/([a-z0-9-]+\.)*(zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|whereby\.com|meet\.jit\.si)(\/|$)/i

/** The first video-meeting link among the candidates given, most specific first. */
export function findMeetingUrl(texts: string[]): string | null {
  for (const text of texts) {
    for (const match of text.matchAll(/https:\/\/[^\s<>"'\\,;)]+/g)) {
      if (meetingHosts.test(match[0])) return match[0]
    }
  }
  return null
}

export function parseIcs(text: string): IcsEvent[] {
  if (Buffer.byteLength(text) > icsLimits.maxBytes) throw new IcsError('The calendar file is too large.')
  const lines = unfold(text)
  let method: IcsEvent['method'] = 'OTHER'
  const events: Property[][] = []
  let current: Property[] | null = null
  let depth = 0 // nested components inside a VEVENT (VALARM) are skipped
  for (const line of lines) {
    const property = parseProperty(line)
    if (!property) continue
    if (property.name === 'BEGIN' && property.value.toUpperCase() === 'VEVENT' && !current) {
      current = []
      continue
    }
    if (current && property.name === 'BEGIN') depth++
    else if (current && property.name === 'END' && depth > 0) depth--
    else if (current && property.name === 'END' && property.value.toUpperCase() === 'VEVENT') {
      events.push(current)
      current = null
      if (events.length > icsLimits.maxEvents) throw new IcsError('The calendar file has too many events.')
    } else if (current && depth === 0) current.push(property)
    else if (!current && property.name === 'METHOD') {
      const value = property.value.trim().toUpperCase()
      method = value === 'REQUEST' || value === 'CANCEL' || value === 'PUBLISH' ? value : 'OTHER'
    }
  }
  const parsed: IcsEvent[] = []
  for (const props of events) {
    const one = (name: string) => props.find((p) => p.name === name)
    const uid = one('UID')?.value.trim()
    const startProp = one('DTSTART')
    const start = startProp ? parseIcsDate(startProp.value, startProp.params.TZID) : null
    if (!uid || !start) continue
    const endProp = one('DTEND')
    const attendees = props
      .filter((p) => p.name === 'ATTENDEE')
      .slice(0, icsLimits.maxAttendees)
      .flatMap((p) => {
        const who = person(p)
        return who ? [who] : []
      })
    const status = one('STATUS')?.value.trim().toUpperCase()
    const texts = ['URL', 'X-GOOGLE-CONFERENCE', 'LOCATION', 'DESCRIPTION', 'X-ALT-DESC']
      .flatMap((name) => props.filter((p) => p.name === name))
      .map((p) => unescapeText(p.value))
    parsed.push({
      uid: uid.slice(0, 255),
      sequence: Number.parseInt(one('SEQUENCE')?.value ?? '0', 10) || 0,
      method,
      cancelled: method === 'CANCEL' || status === 'CANCELLED',
      summary: unescapeText(one('SUMMARY')?.value ?? '').trim().slice(0, 200),
      start,
      end: endProp ? parseIcsDate(endProp.value, endProp.params.TZID) : null,
      organizer: person(one('ORGANIZER')),
      attendees,
      meetingUrl: findMeetingUrl(texts),
    })
  }
  if (parsed.length === 0) throw new IcsError('The calendar file has no event with a UID and a start time.')
  return parsed
}
