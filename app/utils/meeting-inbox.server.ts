import { json } from '@remix-run/node'
import { getDatabase } from '../../server/db'
import { AppError } from '../../server/errors'
import { receiveInboundEmail, type InboundMessage } from '../../server/services/meetings/inbox'

/** The HTTP answer to a routed message: 200 with the outcome, 401 for a bad signature (nothing stored). */
export async function receiveMeetingInvite(message: InboundMessage, config: { signingKey: string; domain: string }) {
  try {
    return json(await receiveInboundEmail(await getDatabase(), message, config))
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHORIZED') return json({ error: error.message }, { status: 401 })
    throw error
  }
}
