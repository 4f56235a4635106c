import { describe, expect, it } from 'vitest'
import { IcsError, parseIcs, parseIcsDate } from '../../server/calendar/ics'

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n'

/** The shape calendar clients send: folded lines, escaped text, a quoted CN with a colon, an alarm inside the event. */
const googleInvite = crlf([
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'DTSTART:20261201T130000Z',
  'DTEND:20261201T134500Z',
  'UID:abc123@google.com',
  'ORGANIZER;CN=Rita Recruiter:mailto:Rita@Example.com',
  'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN="Yılmaz, Deniz: candidate";X-NUM-GUESTS=0:mailto:deniz@example.com',
  'ATTENDEE;CN=meet+key@in.example.test:mailto:meet+key@in.example.test',
  'X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij',
  'DESCRIPTION:Screening call\\, first round.\\nJoin: https://meet.google.com/abc-defg-hij\\n',
  '  (more text on a folded line)',
  'SEQUENCE:2',
  'STATUS:CONFIRMED',
  'SUMMARY:Screening: Deniz Yılmaz',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'DESCRIPTION:This is an event reminder',
  'TRIGGER:-P0DT0H10M0S',
  'END:VALARM',
  'END:VEVENT',
  'END:VCALENDAR',
])

describe('calendar invites', () => {
  it('reads what an interview needs from a typical invite', () => {
    const [event] = parseIcs(googleInvite)
    expect(event).toEqual({
      uid: 'abc123@google.com',
      sequence: 2,
      method: 'REQUEST',
      cancelled: false,
      summary: 'Screening: Deniz Yılmaz',
      start: new Date('2026-12-01T13:00:00Z'),
      end: new Date('2026-12-01T13:45:00Z'),
      organizer: { email: 'rita@example.com', name: 'Rita Recruiter' },
      attendees: [
        { email: 'deniz@example.com', name: 'Yılmaz, Deniz: candidate' },
        { email: 'meet+key@in.example.test', name: 'meet+key@in.example.test' },
      ],
      meetingUrl: 'https://meet.google.com/abc-defg-hij',
    })
  })

  it('converts local times with TZID to UTC, across daylight saving time', () => {
    expect(parseIcsDate('20261201T160000', 'Europe/Istanbul')).toEqual(new Date('2026-12-01T13:00:00Z'))
    expect(parseIcsDate('20260701T090000', 'America/New_York')).toEqual(new Date('2026-07-01T13:00:00Z'))
    expect(parseIcsDate('20261201T090000', 'America/New_York')).toEqual(new Date('2026-12-01T14:00:00Z'))
    // Floating times and unknown zones are read as UTC; all-day dates start at midnight; nonsense is null.
    expect(parseIcsDate('20261201T090000')).toEqual(new Date('2026-12-01T09:00:00Z'))
    expect(parseIcsDate('20261201T090000', 'Mars/Olympus_Mons')).toEqual(new Date('2026-12-01T09:00:00Z'))
    expect(parseIcsDate('20261201')).toEqual(new Date('2026-12-01T00:00:00Z'))
    expect(parseIcsDate('tomorrow')).toBeNull()
  })

  it('finds Teams and Zoom links in the location or description, and ignores other links', () => {
    const outlook = crlf([
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:040000008200E00074C5B7101A82E008',
      'DTSTART;TZID=W. Europe Standard Time:20261201T100000',
      'LOCATION:Microsoft Teams Meeting',
      'DESCRIPTION:Agenda at https://example.com/agenda\\nJoin: https://teams.microsoft.com/l/meetup-join/19%3ameeting_x/0?context=%7b%7d',
      'END:VEVENT',
      'END:VCALENDAR',
    ])
    const [event] = parseIcs(outlook)
    expect(event!.meetingUrl).toBe('https://teams.microsoft.com/l/meetup-join/19%3ameeting_x/0?context=%7b%7d')
    expect(event!.start).toEqual(new Date('2026-12-01T10:00:00Z')) // a Windows zone name is unknown here: read as UTC
    const zoom = parseIcs(crlf(['BEGIN:VEVENT', 'UID:z', 'DTSTART:20261201T100000Z', 'LOCATION:https://us02web.zoom.us/j/123?pwd=x', 'END:VEVENT']))
    expect(zoom[0]!.meetingUrl).toBe('https://us02web.zoom.us/j/123?pwd=x')
    const none = parseIcs(crlf(['BEGIN:VEVENT', 'UID:n', 'DTSTART:20261201T100000Z', 'LOCATION:https://zoom.us.evil.example/j/1', 'END:VEVENT']))
    expect(none[0]!.meetingUrl).toBeNull()
  })

  it('marks cancellations', () => {
    const cancel = googleInvite.replace('METHOD:REQUEST', 'METHOD:CANCEL').replace('STATUS:CONFIRMED', 'STATUS:CANCELLED')
    expect(parseIcs(cancel)[0]).toMatchObject({ method: 'CANCEL', cancelled: true })
  })

  it('refuses files with no usable event, or beyond the limits, with IcsError', () => {
    expect(() => parseIcs('hello')).toThrow(IcsError)
    expect(() => parseIcs(crlf(['BEGIN:VEVENT', 'SUMMARY:no uid or start', 'END:VEVENT']))).toThrow(IcsError)
    expect(() => parseIcs('X'.repeat(600 * 1024))).toThrow(/too large/)
    const many = crlf(Array.from({ length: 25 }, (_, i) => `BEGIN:VEVENT\r\nUID:${i}\r\nDTSTART:20261201T100000Z\r\nEND:VEVENT`))
    expect(() => parseIcs(many)).toThrow(/too many events/)
    // Attendees without a valid address are skipped, not fatal.
    const odd = parseIcs(crlf(['BEGIN:VEVENT', 'UID:o', 'DTSTART:20261201T100000Z', 'ATTENDEE:mailto:not-an-address', 'END:VEVENT']))
    expect(odd[0]!.attendees).toEqual([])
  })
})
