import crypto from 'node:crypto'
import { timingSafeEqualStrings } from '../../auth/tokens'

/**
 * The webhook signature: `X-Hireproof-Bot-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * with MEETING_BOT_WEBHOOK_SECRET. Several v1 values may be sent (while a secret is rotated); one must match.
 * A timestamp more than five minutes from our clock is refused, so a captured delivery cannot be replayed later
 * (within the window, the event id stops a replay).
 */
export const signatureHeader = 'x-hireproof-bot-signature'
export const signatureToleranceSeconds = 5 * 60

export function signPayload(secret: string, rawBody: string | Uint8Array, timestamp: number) {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')
  return `t=${timestamp},v1=${mac}`
}

export type SignatureCheck = { valid: true } | { valid: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' }

export function verifySignature(secret: string, rawBody: Uint8Array, header: string | null, now = new Date()): SignatureCheck {
  if (!header) return { valid: false, reason: 'missing' }
  const parts = header.split(',').map((part) => part.trim().split('='))
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value ?? '')
  const macs = parts.filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')).map(([, value]) => value!)
  const sent = timestamps.length === 1 && /^\d{1,12}$/.test(timestamps[0]!) ? timestamps[0]! : null
  if (sent === null || macs.length === 0) return { valid: false, reason: 'malformed' }
  const timestamp = Number(sent)
  if (Math.abs(now.getTime() / 1000 - timestamp) > signatureToleranceSeconds) return { valid: false, reason: 'stale' }
  // Over the timestamp exactly as sent.
  const expected = crypto.createHmac('sha256', secret).update(`${sent}.`).update(rawBody).digest('hex')
  // Every candidate is compared, in constant time each, so timing tells nothing about which one was close.
  const matched = macs.map((mac) => timingSafeEqualStrings(expected, mac)).includes(true)
  return matched ? { valid: true } : { valid: false, reason: 'mismatch' }
}
