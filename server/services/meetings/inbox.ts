import crypto from 'node:crypto'
import type { Interview } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, systemAuditContext, type AuditContext } from '../../audit/append'
import { timingSafeEqualStrings } from '../../auth/tokens'
import { IcsError, parseIcs, type IcsEvent } from '../../calendar/ics'
import { recallMeetingBot } from '../meeting-bot/state'
import { storableText } from '../../security/unstorable-text'

/**
 * The meeting mailbox: a recruiter adds the organization's mailbox address
 * (meet+<key>@INBOUND_EMAIL_DOMAIN) to a calendar invite, Mailgun routes the
 * message to /webhooks/mailgun/inbound, and the interview appears on the
 * candidate's application, scheduled, with its meeting link. Updated invites
 * (same UID, higher SEQUENCE) move it; cancellations mark it cancelled.
 *
 * Trust: the message must carry Mailgun's signature (HMAC of timestamp and
 * token with the webhook signing key, at most 15 minutes old; each token is
 * accepted once), be addressed to a live mailbox key, and come from an active
 * member of that organization (the sender or the invite's organizer). The
 * candidate is found by an attendee's address among the organization's
 * candidates. Everything received is logged (InboundEmail) with its outcome.
 */
export const signatureMaxAgeSeconds = 15 * 60
const mailgunToken = /^[\x21-\x7e]{1,256}$/

export type InboundMessage = {
  recipients: string[]
  sender: string
  subject: string
  timestamp: string
  token: string
  signature: string
  /** The text of every text/calendar part or .ics attachment. */
  calendars: string[]
}

export type InboundOutcome = 'interview_created' | 'interview_updated' | 'interview_cancelled' | 'unmatched' | 'ignored'

export function verifyMailgunSignature(signingKey: string, message: Pick<InboundMessage, 'timestamp' | 'token' | 'signature'>, now = new Date()) {
  // Mailgun's token is 50 random characters; it becomes a unique key of InboundEmail, which takes no NUL and no huge value.
  if (!mailgunToken.test(message.token)) return false
  const age = now.getTime() / 1000 - Number(message.timestamp)
  if (!Number.isFinite(age) || Math.abs(age) > signatureMaxAgeSeconds) return false
  const expected = crypto.createHmac('sha256', signingKey).update(`${message.timestamp}${message.token}`).digest('hex')
  return timingSafeEqualStrings(expected, message.signature)
}

export const mailboxAddress = (key: string, domain: string) => `meet+${key}@${domain}`

/** The mailbox key in any of the recipients (meet+<key>@domain). */
function mailboxKeyIn(recipients: string[], domain: string) {
  for (const recipient of recipients) {
    const m = /^meet\+([A-Za-z0-9_-]{16,64})@(.+)$/.exec(recipient.trim().toLowerCase().replace(/^.*<|>$/g, ''))
    if (m && m[2] === domain.toLowerCase()) return m[1]!
  }
  return null
}

/** Receives one routed message. Throws AppError UNAUTHORIZED for a bad signature (nothing is stored). */
export async function receiveInboundEmail(db: Database, received: InboundMessage, config: { signingKey: string; domain: string }, now = new Date()) {
  if (!verifyMailgunSignature(config.signingKey, received, now)) throw new AppError('UNAUTHORIZED', 'The message signature is not valid.')
  // Anyone can write an email: what it holds is kept, with what the database cannot store replaced.
  const message = {
    ...received,
    sender: storableText(received.sender),
    subject: storableText(received.subject),
    recipients: received.recipients.map(storableText),
    calendars: received.calendars.map(storableText),
  }
  if (await db.prisma.inboundEmail.findUnique({ where: { token: message.token }, select: { id: true } })) {
    return { outcome: 'ignored' as const, detail: 'Already received (a repeated delivery).' }
  }
  const sender = message.sender.trim().toLowerCase().slice(0, 320)
  const log = (orgId: string | null, outcome: InboundOutcome, detail: string, interviewId: string | null = null) =>
    db.prisma.inboundEmail
      .create({ data: { orgId, token: message.token, sender, subject: message.subject.slice(0, 300), outcome, detail, interviewId } })
      .then(() => ({ outcome, detail }))

  const key = mailboxKeyIn(message.recipients, config.domain)
  const org = key ? await db.prisma.organization.findUnique({ where: { meetingInboxKey: key }, select: { id: true } }) : null
  if (!org) return log(null, 'ignored', 'Not addressed to an active meeting mailbox.')

  let events: IcsEvent[]
  try {
    events = message.calendars.flatMap((text) => parseIcs(text))
  } catch (error) {
    if (error instanceof IcsError) return log(org.id, 'ignored', error.message)
    throw error
  }
  const event = events[0]
  if (!event) return log(org.id, 'ignored', 'The message has no calendar invite.')

  const memberEmails = [sender, event.organizer?.email].filter((e): e is string => Boolean(e))
  const member = await db.prisma.membership.findFirst({
    where: { orgId: org.id, status: 'ACTIVE', user: { email: { in: memberEmails }, deletionRequestedAt: null } },
    select: { userId: true },
  })
  if (!member) return log(org.id, 'ignored', 'Neither the sender nor the organizer is an active member of the organization.')

  const existing = await db.prisma.interview.findUnique({ where: { orgId_calendarUid: { orgId: org.id, calendarUid: event.uid } } })
  if (existing) return applyUpdate(db, org.id, existing, event, log)

  const attendeeEmails = event.attendees.map((a) => a.email).filter((email) => !memberEmails.includes(email))
  const applications = attendeeEmails.length
    ? await db.prisma.application.findMany({
        where: { orgId: org.id, candidate: { email: { in: attendeeEmails, mode: 'insensitive' } }, stage: { kind: { notIn: ['HIRED', 'REJECTED'] } } },
        orderBy: { createdAt: 'desc' },
        select: { id: true, candidateId: true, jobId: true },
      })
    : []
  const candidates = new Set(applications.map((a) => a.candidateId))
  if (candidates.size !== 1) {
    return log(org.id, 'unmatched', candidates.size === 0 ? 'No attendee is a candidate with an open application.' : 'More than one attendee is a candidate: add the interview by hand.')
  }
  const application = applications[0]!
  if (event.cancelled) return log(org.id, 'ignored', 'A cancellation for an interview we do not have.')
  const interview = await db.prisma.$transaction(async (tx) => {
    const created = await tx.interview.create({
      data: {
        orgId: org.id,
        applicationId: application.id,
        title: event.summary || 'Interview',
        createdById: member.userId,
        scheduledAt: event.start,
        endsAt: event.end,
        meetingUrl: event.meetingUrl,
        calendarUid: event.uid,
      },
    })
    // Members invited to the meeting who can see the job join the interview as participants.
    const participants = await tx.membership.findMany({
      where: { orgId: org.id, status: 'ACTIVE', user: { email: { in: event.attendees.map((a) => a.email).concat(memberEmails) } } },
      select: { userId: true },
    })
    await tx.interviewParticipant.createMany({
      data: participants.map((p) => ({ orgId: org.id, interviewId: created.id, userId: p.userId })),
      skipDuplicates: true,
    })
    await appendAuditEvent(tx, mailboxAudit(), {
      orgId: org.id,
      action: 'interview.scheduled_from_invite',
      targets: [{ type: 'interview', id: created.id }, { type: 'application', id: application.id }],
      metadata: { via: 'meeting mailbox', senderMemberId: member.userId, hasMeetingUrl: Boolean(event.meetingUrl) },
    })
    return created
  })
  return log(org.id, 'interview_created', 'Interview scheduled.', interview.id)
}

const mailboxAudit = (): AuditContext => systemAuditContext('meeting-mailbox')

async function applyUpdate(
  db: Database,
  orgId: string,
  interview: Pick<Interview, 'id' | 'orgId' | 'meetingUrl' | 'scheduledAt' | 'meetingBotId' | 'meetingBotStatus'>,
  event: IcsEvent,
  log: (orgId: string | null, outcome: InboundOutcome, detail: string, interviewId?: string | null) => Promise<{ outcome: InboundOutcome; detail: string }>,
) {
  const moved = interview.meetingUrl !== event.meetingUrl || interview.scheduledAt?.getTime() !== event.start.getTime()
  await db.prisma.$transaction(async (tx) => {
    // A recorder sent to the old time or link would join the wrong meeting, or an empty one: it is called back.
    if (event.cancelled || moved) {
      await recallMeetingBot(tx, mailboxAudit(), interview, {
        reason: event.cancelled ? 'the meeting was cancelled' : 'the meeting moved or its link changed; send the recorder again',
      })
    }
    await tx.interview.update({
      where: { id: interview.id },
      data: event.cancelled
        ? { meetingBotStatus: 'cancelled' }
        : { title: event.summary || undefined, scheduledAt: event.start, endsAt: event.end, meetingUrl: event.meetingUrl },
    })
    await appendAuditEvent(tx, mailboxAudit(), {
      orgId,
      action: event.cancelled ? 'interview.invite_cancelled' : 'interview.invite_updated',
      targets: [{ type: 'interview', id: interview.id }],
      metadata: { via: 'meeting mailbox', sequence: event.sequence },
    })
  })
  return event.cancelled
    ? log(orgId, 'interview_cancelled', 'The meeting was cancelled.', interview.id)
    : log(orgId, 'interview_updated', 'Time, title or link updated.', interview.id)
}

/** The organization's mailbox: its address (null while off) and what it received lately. */
export async function meetingInbox(db: Database, access: Access, domain: string | null) {
  const [org, received] = await Promise.all([
    db.prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { meetingInboxKey: true } }),
    db.prisma.inboundEmail.findMany({ where: { orgId: access.orgId }, orderBy: { receivedAt: 'desc' }, take: 20 }),
  ])
  return {
    configured: Boolean(domain),
    address: org.meetingInboxKey && domain ? mailboxAddress(org.meetingInboxKey, domain) : null,
    received: received.map(({ id, sender, subject, outcome, detail, interviewId, receivedAt }) => ({ id, sender, subject, outcome, detail, interviewId, receivedAt })),
  }
}

/** Turns the mailbox on with a new address (an earlier address stops working), or off. */
export async function setMeetingInbox(db: Database, access: Access, audit: AuditContext, input: { enabled: boolean }, domain: string | null) {
  if (input.enabled && !domain) throw new AppError('UNPROCESSABLE', 'The meeting mailbox needs INBOUND_EMAIL_DOMAIN and Mailgun’s webhook signing key on the server.')
  // 120 random bits, lower-case hex: mail systems may change the case of an address.
  const key = input.enabled ? crypto.randomBytes(15).toString('hex') : null
  await db.prisma.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: access.orgId }, data: { meetingInboxKey: key } })
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: input.enabled ? 'meeting_inbox.enabled' : 'meeting_inbox.disabled' })
  })
  return { address: key && domain ? mailboxAddress(key, domain) : null }
}
