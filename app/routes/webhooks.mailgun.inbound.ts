import type { ActionFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { getEnv } from '~/utils/env.server'
import { receiveMeetingInvite } from '~/utils/meeting-inbox.server'

/**
 * POST from a Mailgun route (forward) for the meeting mailbox: multipart form
 * fields (recipient, sender, subject, timestamp, token, signature) and the
 * message's attachments. 200 tells Mailgun it was handled (including "ignored");
 * 406 tells it not to retry a message we will never accept.
 */
const maxBytes = 10 * 1024 * 1024

export async function action({ request }: ActionFunctionArgs) {
  const env = getEnv()
  if (!env.INBOUND_EMAIL_DOMAIN || !env.MAILGUN_WEBHOOK_SIGNING_KEY) return json({ error: 'The meeting mailbox is not configured.' }, { status: 404 })
  const length = request.headers.get('content-length')
  if (length === null) return json({ error: 'Content-Length is required.' }, { status: 411 })
  if (Number(length) > maxBytes) return json({ error: 'Too large.' }, { status: 406 })
  const form = await request.formData().catch(() => null)
  if (!form) return json({ error: 'Expected a form.' }, { status: 406 })
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  const calendars: string[] = []
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (name !== 'body-plain' && value.trimStart().startsWith('BEGIN:VCALENDAR')) calendars.push(value)
    } else if (value.type.startsWith('text/calendar') || value.type === 'application/ics' || value.name.toLowerCase().endsWith('.ics')) {
      calendars.push(await value.text())
    }
  }
  return receiveMeetingInvite(
    {
      recipients: text('recipient').split(','),
      sender: text('sender'),
      subject: text('subject'),
      timestamp: text('timestamp'),
      token: text('token'),
      signature: text('signature'),
      calendars,
    },
    { signingKey: env.MAILGUN_WEBHOOK_SIGNING_KEY, domain: env.INBOUND_EMAIL_DOMAIN },
  )
}

export const loader = () => json({ error: 'POST only.' }, { status: 405 })
