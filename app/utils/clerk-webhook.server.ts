import { json, type AppLoadContext } from '@remix-run/node'
import { getDatabase } from '../../server/db'
import { getEnv } from '../../server/env'
import { logger } from '../../server/logger'
import { ClerkUnavailableError } from '../../server/auth/clerk/clerk-api'
import { ClerkWebhookRejected, handleClerkWebhook } from '../../server/services/clerk/clerk-webhooks'
import { readRawBody } from './raw-body.server'

/**
 * The HTTP side of Clerk's webhooks, for app/routes/webhooks.clerk.ts.
 * 200 { ok } once processed (or already processed), 400 for a bad signature
 * or body, 413 past 1 MB, 503 when Clerk's API could not be read (Svix
 * retries later), 404 when Clerk is not configured.
 */
const maxBodyBytes = 1024 * 1024

export async function clerkWebhookResponse(request: Request, context: Pick<AppLoadContext, 'meta'>) {
  const env = getEnv()
  if (!env.clerk) return json({ error: 'Clerk is not configured' }, { status: 404 })
  const body = (await readRawBody(request, maxBodyBytes))?.toString('utf8') ?? null
  if (body === null) return json({ error: 'Body too large' }, { status: 413 })
  try {
    const result = await handleClerkWebhook(await getDatabase(), { body, headers: request.headers }, env)
    if (result.status === 'skipped') logger.warn('clerk webhook skipped', { requestId: context.meta?.requestId, ...result })
    return json({ ok: true, status: result.status === 'already_processed' ? 'already processed' : result.status })
  } catch (error) {
    if (error instanceof ClerkWebhookRejected) return json({ error: error.message }, { status: 400 })
    if (error instanceof ClerkUnavailableError) {
      logger.warn('clerk webhook deferred', { requestId: context.meta?.requestId, error })
      return json({ error: 'Clerk is unavailable; retry later' }, { status: 503 })
    }
    throw error
  }
}
