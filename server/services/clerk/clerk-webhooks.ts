import type { Prisma, User } from '@prisma/client'
import { Webhook } from 'svix'
import { z } from 'zod'
import type { Database } from '../../db'
import type { Env } from '../../env'
import { systemAuditContext, type AuditContext } from '../../audit/append'
import { hashToken } from '../../auth/tokens'
import { containsUnstorableText } from '../../security/unstorable-text'
import { clerkSessionKey } from '../../auth/clerk/clerk-provider'
import { fetchClerkIdentity } from '../../auth/clerk/clerk-api'
import {
  clerkUserSchema,
  identityFromClerkUser,
  isDeletedInClerk,
  recordDeletedInClerk,
  syncClerkUser,
  type ClerkIdentity,
} from '../../auth/clerk/clerk-users'
import {
  applyMembership,
  deactivateOrganization,
  endMirroredSession,
  ensureOrganization,
  removeMembership,
  skipped,
  suspendUserEverywhere,
  upsertOrganization,
  type MirrorOutcome,
} from './clerk-mirror'

/**
 * Clerk's webhooks (delivered by Svix) keep our users, organizations,
 * memberships and sessions in step with Clerk.
 *  - Authenticity: the Svix signature over id, timestamp and body, with the
 *    endpoint's secret; a timestamp more than 5 minutes off is refused. Any
 *    failure is a ClerkWebhookRejected (HTTP 400) and changes nothing.
 *  - Exactly once: the svix-id is inserted into ClerkWebhookDelivery in the
 *    same transaction as the changes. A replay, or a duplicate delivered
 *    concurrently (it waits on the first one's row, then finds it), answers
 *    "already processed" and changes nothing.
 *  - Order: deliveries may arrive in any order. Deleted users, organizations
 *    and memberships leave tombstones, so a late created/updated for them is
 *    skipped; a membership for an organization not seen yet creates it from
 *    the payload, for a user not seen yet reads the user from the Backend
 *    API. Events touching the same Clerk objects are serialised with
 *    transaction-scoped advisory locks.
 *  - Every tenant change is audited as SYSTEM with requestId clerk:<svix-id>.
 * Skipped deliveries (nothing sensible to do) are recorded as processed too:
 * Svix retrying them would not help.
 */
export class ClerkWebhookRejected extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ClerkWebhookRejected'
  }
}

export type ClerkWebhookInput = { body: string; headers: Headers | Record<string, string | string[] | undefined> }

export type ClerkWebhookResult = {
  deliveryId: string
  type: string
  status: 'processed' | 'already_processed' | 'skipped' | 'ignored'
  detail?: string
}

const eventSchema = z.object({
  type: z.string().min(1).max(100),
  data: z.record(z.unknown()),
  event_attributes: z
    .object({ http_request: z.object({ client_ip: z.string().optional(), user_agent: z.string().optional() }).partial().optional() })
    .partial()
    .optional(),
})
type ClerkEvent = z.infer<typeof eventSchema>

const orgSchema = z.object({ id: z.string().min(1), name: z.string(), slug: z.string().nullish() })
const deletedSchema = z.object({ id: z.string().min(1) })
const membershipSchema = z.object({
  id: z.string().min(1),
  role: z.string(),
  organization: orgSchema,
  public_user_data: z.object({ user_id: z.string().min(1) }),
})
const sessionSchema = z.object({ id: z.string().min(1), user_id: z.string().min(1), user: clerkUserSchema.nullish() })

const deliveryIdPattern = /^[A-Za-z0-9_.-]{1,128}$/

function svixHeaders(headers: ClerkWebhookInput['headers']): Record<string, string> {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name] ?? headers[name.toLowerCase()]
    return (Array.isArray(value) ? value[0] : value) ?? ''
  }
  return { 'svix-id': read('svix-id'), 'svix-timestamp': read('svix-timestamp'), 'svix-signature': read('svix-signature') }
}

/** The Clerk ids an event touches: locked in sorted order, so two events never wait on each other in a cycle. */
function lockKeys(event: ClerkEvent): string[] {
  const data = event.data as Record<string, unknown>
  const membership = membershipSchema.safeParse(data)
  if (event.type.startsWith('organizationMembership.') && membership.success) {
    return [membership.data.organization.id, membership.data.public_user_data.user_id]
  }
  if (event.type.startsWith('session.') && typeof data.user_id === 'string') return [data.user_id]
  return typeof data.id === 'string' ? [data.id] : []
}

async function lockClerkObjects(tx: Prisma.TransactionClient, keys: string[]) {
  for (const key of [...new Set(keys)].sort()) {
    await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtext(${`clerk:${key}`}))`
  }
}

export async function handleClerkWebhook(
  db: Database,
  input: ClerkWebhookInput,
  env: Pick<Env, 'clerk'>,
): Promise<ClerkWebhookResult> {
  const config = env.clerk
  if (!config) throw new Error('Clerk is not configured (CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY, CLERK_WEBHOOK_SECRET)')
  const headers = svixHeaders(input.headers)
  let payload: unknown
  try {
    payload = new Webhook(config.webhookSecret).verify(input.body, headers)
  } catch {
    throw new ClerkWebhookRejected('Invalid webhook signature')
  }
  const deliveryId = headers['svix-id'] ?? ''
  const parsed = eventSchema.safeParse(payload)
  if (!parsed.success || !deliveryIdPattern.test(deliveryId)) throw new ClerkWebhookRejected('Not a Clerk event')
  // Text PostgreSQL cannot store (NUL, broken surrogates) in what is stored from the event: refused, not failed on.
  if (containsUnstorableText(parsed.data)) throw new ClerkWebhookRejected('Not a Clerk event')
  const event = parsed.data
  const already: ClerkWebhookResult = { deliveryId, type: event.type, status: 'already_processed' }
  // Cheap early answer for replays; the insert below is what guarantees once-only.
  if ((await db.prisma.clerkWebhookDelivery.count({ where: { id: deliveryId } })) > 0) return already

  const http = event.event_attributes?.http_request
  const audit: AuditContext = {
    ...systemAuditContext(`clerk:${deliveryId}`),
    ip: (http?.client_ip ?? '').slice(0, 64),
    userAgent: (http?.user_agent ?? '').slice(0, 512),
  }
  // Reads from Clerk's Backend API happen before the transaction, never inside it.
  const fetched = await identityToFetch(db, event, (id) => fetchClerkIdentity(config, id))
  const now = new Date()

  return db.prisma.$transaction(
    async (tx) => {
      const { count } = await tx.clerkWebhookDelivery.createMany({
        data: [{ id: deliveryId, type: event.type, processedAt: now }],
        skipDuplicates: true,
      })
      if (count === 0) return already
      await lockClerkObjects(tx, lockKeys(event))
      const outcome = await apply(tx, event, audit, fetched, now)
      return { deliveryId, type: event.type, status: outcome.status, detail: outcome.detail }
    },
    { maxWait: 15_000, timeout: 30_000 },
  )
}

/** A membership event for a user we do not know yet: their identity from the Backend API (null when Clerk has none). */
async function identityToFetch(
  db: Database,
  event: ClerkEvent,
  fetch: (clerkUserId: string) => Promise<ClerkIdentity | null>,
): Promise<ClerkIdentity | null> {
  if (event.type !== 'organizationMembership.created' && event.type !== 'organizationMembership.updated') return null
  const membership = membershipSchema.safeParse(event.data)
  if (!membership.success) return null
  const clerkUserId = membership.data.public_user_data.user_id
  if (await db.prisma.user.count({ where: { clerkUserId } })) return null
  if (await isDeletedInClerk(db.prisma, clerkUserId)) return null
  return fetch(clerkUserId)
}

type ApplyOutcome = MirrorOutcome | { status: 'ignored'; detail: string }

async function apply(
  tx: Prisma.TransactionClient,
  event: ClerkEvent,
  audit: AuditContext,
  fetched: ClerkIdentity | null,
  now: Date,
): Promise<ApplyOutcome> {
  const unexpected = skipped(`unexpected ${event.type} payload`)
  switch (event.type) {
    case 'user.created':
    case 'user.updated': {
      const data = clerkUserSchema.safeParse(event.data)
      if (!data.success) return unexpected
      if (await isDeletedInClerk(tx, data.data.id)) return skipped('the user was deleted in Clerk')
      const result = await syncClerkUser(tx, identityFromClerkUser(data.data), audit)
      if (!result.user) return skipped(result.reason)
      return { status: 'processed', detail: `user ${result.change}${result.note ? `; ${result.note}` : ''}` }
    }
    case 'user.deleted': {
      const data = deletedSchema.safeParse(event.data)
      if (!data.success) return unexpected
      await recordDeletedInClerk(tx, data.data.id, event.type)
      const user = await tx.user.findUnique({ where: { clerkUserId: data.data.id } })
      if (!user) return { status: 'processed', detail: 'user not known here; remembered as deleted' }
      // Our own erasure asked Clerk for this: its job removes the account, nothing to suspend.
      if (user.deletionRequestedAt) return { status: 'processed', detail: 'the account is being deleted here' }
      return suspendUserEverywhere(tx, audit, user, now)
    }
    case 'organization.created':
    case 'organization.updated': {
      const data = orgSchema.safeParse(event.data)
      if (!data.success) return unexpected
      if (await isDeletedInClerk(tx, data.data.id)) return skipped('the organization was deleted in Clerk')
      return upsertOrganization(tx, audit, data.data)
    }
    case 'organization.deleted': {
      const data = deletedSchema.safeParse(event.data)
      if (!data.success) return unexpected
      await recordDeletedInClerk(tx, data.data.id, event.type)
      const org = await tx.organization.findUnique({ where: { clerkOrgId: data.data.id } })
      if (!org) return { status: 'processed', detail: 'organization not known here; remembered as deleted' }
      return deactivateOrganization(tx, audit, org, now)
    }
    case 'organizationMembership.created':
    case 'organizationMembership.updated': {
      const data = membershipSchema.safeParse(event.data)
      if (!data.success) return unexpected
      const { id, role, organization, public_user_data: publicUser } = data.data
      if (await isDeletedInClerk(tx, id)) return skipped('the membership was deleted in Clerk')
      if (await isDeletedInClerk(tx, organization.id)) return skipped('the organization was deleted in Clerk')
      if (await isDeletedInClerk(tx, publicUser.user_id)) return skipped('the user was deleted in Clerk')
      const user = await userFor(tx, publicUser.user_id, fetched, audit)
      if (!user.user) return skipped(user.reason)
      const { org } = await ensureOrganization(tx, audit, organization)
      const reactivate = event.type === 'organizationMembership.created'
      return applyMembership(tx, audit, { org, user: user.user, clerkRole: role, reactivate })
    }
    case 'organizationMembership.deleted': {
      const data = membershipSchema.safeParse(event.data)
      if (!data.success) return unexpected
      await recordDeletedInClerk(tx, data.data.id, event.type)
      const org = await tx.organization.findUnique({ where: { clerkOrgId: data.data.organization.id } })
      const user = await tx.user.findUnique({ where: { clerkUserId: data.data.public_user_data.user_id } })
      if (!org || !user) return { status: 'processed', detail: 'membership not known here; remembered as deleted' }
      return removeMembership(tx, audit, { org, user }, now)
    }
    case 'session.ended':
    case 'session.removed':
    case 'session.revoked': {
      const data = sessionSchema.safeParse(event.data)
      if (!data.success) return unexpected
      let user = await tx.user.findUnique({ where: { clerkUserId: data.data.user_id } })
      if (!user && data.data.user && !(await isDeletedInClerk(tx, data.data.user_id))) {
        user = (await syncClerkUser(tx, identityFromClerkUser(data.data.user), audit)).user
      }
      return endMirroredSession(tx, audit, { tokenHash: hashToken(clerkSessionKey(data.data.id)), user, reason: event.type }, now)
    }
    default:
      return { status: 'ignored', detail: 'event type not used here' }
  }
}

async function userFor(
  tx: Prisma.TransactionClient,
  clerkUserId: string,
  fetched: ClerkIdentity | null,
  audit: AuditContext,
): Promise<{ user: User; reason?: undefined } | { user: null; reason: string }> {
  const known = await tx.user.findUnique({ where: { clerkUserId } })
  if (known?.deletionRequestedAt) return { user: null, reason: 'the account is being deleted at its owner’s request' }
  if (known) return { user: known }
  if (!fetched || fetched.clerkUserId !== clerkUserId) return { user: null, reason: 'the user is not known to Clerk' }
  const result = await syncClerkUser(tx, fetched, audit)
  return result.user ? { user: result.user } : { user: null, reason: result.reason }
}
