import { createClerkClient, type ClerkClient } from '@clerk/backend'
import { isClerkAPIResponseError } from '@clerk/backend/errors'
import type { ClerkConfig } from '../../env'
import { clerkUserSchema, identityFromClerkUser, type ClerkIdentity } from './clerk-users'

/** Clerk could not be asked (network, 5xx, rejected secret key): the request fails instead of guessing. */
export class ClerkUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ClerkUnavailableError'
  }
}

// One HTTP client per configuration. It holds no user or session state.
const clients = new WeakMap<ClerkConfig, ClerkClient>()

export function clerkBackend(config: ClerkConfig): ClerkClient {
  let client = clients.get(config)
  if (!client) {
    // No telemetry: nothing about our users goes to Clerk beyond what signing in needs.
    client = createClerkClient({
      secretKey: config.secretKey,
      publishableKey: config.publishableKey,
      apiUrl: config.apiUrl,
      telemetry: { disabled: true },
    })
    clients.set(config, client)
  }
  return client
}

/** The Clerk user from the Backend API; null when Clerk does not know it (deleted, or never existed). */
export async function fetchClerkIdentity(config: ClerkConfig, clerkUserId: string): Promise<ClerkIdentity | null> {
  let user
  try {
    user = await clerkBackend(config).users.getUser(clerkUserId)
  } catch (error) {
    if (isClerkAPIResponseError(error) && error.status === 404) return null
    throw new ClerkUnavailableError(`Clerk Backend API: could not read user ${clerkUserId}`, { cause: error })
  }
  const parsed = clerkUserSchema.safeParse(user.raw)
  if (!parsed.success) throw new ClerkUnavailableError(`Clerk Backend API: unexpected user shape for ${clerkUserId}`)
  return identityFromClerkUser(parsed.data)
}

/** Deletes the Clerk user (which ends their Clerk sessions). 'not_found' when Clerk no longer has it, so a retry is safe. */
export async function deleteClerkUser(config: ClerkConfig, clerkUserId: string): Promise<'deleted' | 'not_found'> {
  try {
    await clerkBackend(config).users.deleteUser(clerkUserId)
    return 'deleted'
  } catch (error) {
    if (isClerkAPIResponseError(error) && error.status === 404) return 'not_found'
    throw new ClerkUnavailableError(`Clerk Backend API: could not delete user ${clerkUserId}`, { cause: error })
  }
}
