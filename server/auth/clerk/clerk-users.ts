import { Prisma, type User } from '@prisma/client'
import { z } from 'zod'
import type { DbClient } from '../../db/types'
import { appendAuditEvent, type AuditContext } from '../../audit/append'

/**
 * Clerk users mirrored onto our users. A Clerk user maps to the User with its
 * `clerkUserId`; on first sight it is linked to an existing User by its
 * verified primary email (never an unverified one), else a User is created.
 * The same code serves the session-token path (first sight, user read from
 * the Backend API) and the webhooks (user.created/updated payloads).
 */

/** The part of Clerk's user JSON we read (Backend API responses and webhook payloads share it). */
export const clerkUserSchema = z.object({
  id: z.string().min(1),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  username: z.string().nullish(),
  primary_email_address_id: z.string().nullish(),
  email_addresses: z
    .array(z.object({ id: z.string(), email_address: z.string(), verification: z.object({ status: z.string() }).nullish() }))
    .nullish(),
})
export type ClerkUserPayload = z.infer<typeof clerkUserSchema>

export type ClerkIdentity = {
  clerkUserId: string
  /** Primary email, lower-cased and trimmed like every stored email; null when the user has none. */
  email: string | null
  emailVerified: boolean
  name: string
}

export function identityFromClerkUser(user: ClerkUserPayload): ClerkIdentity {
  const primary = user.email_addresses?.find((e) => e.id === user.primary_email_address_id) ?? null
  const email = primary ? primary.email_address.trim().toLowerCase() : null
  const fullName = [user.first_name, user.last_name].filter(Boolean).join(' ').trim()
  const name = fullName || user.username || email?.split('@')[0] || 'Clerk user'
  return { clerkUserId: user.id, email, emailVerified: primary?.verification?.status === 'verified', name: name.slice(0, 200) }
}

export type ClerkUserSync =
  | { user: User; change: 'created' | 'linked' | 'updated' | 'unchanged'; note?: string }
  | { user: null; reason: string }

/**
 * Creates, links or updates our user for a Clerk user, inside the caller's
 * transaction. Refuses (user null, with the reason) rather than guess: an
 * email held by a user already linked to another Clerk user, an unverified
 * email that belongs to an existing user, or no email at all. Links and
 * changes of name or email are audited in every organization the user
 * belongs to. Concurrent first sights of one user may meet a unique
 * violation: callers retry once (see `isUniqueViolation`).
 */
export async function syncClerkUser(
  tx: Prisma.TransactionClient,
  identity: ClerkIdentity,
  audit: AuditContext,
): Promise<ClerkUserSync> {
  const known = await tx.user.findUnique({ where: { clerkUserId: identity.clerkUserId } })
  if (known?.deletionRequestedAt) return { user: null, reason: 'the account is being deleted at its owner’s request' }
  if (known) {
    const data: Prisma.UserUpdateInput = {}
    let note: string | undefined
    if (identity.name !== known.name) data.name = identity.name
    if (identity.email && identity.email !== known.email) {
      const holder = await tx.user.findUnique({ where: { email: identity.email }, select: { id: true } })
      if (!identity.emailVerified) note = 'new email not verified in Clerk: kept the old one'
      else if (holder) note = 'new email belongs to another account: kept the old one'
      else data.email = identity.email
    }
    if (!Object.keys(data).length) return { user: known, change: 'unchanged', note }
    const user = await tx.user.update({ where: { id: known.id }, data })
    await auditInOrgs(tx, audit, user, 'clerk.user_updated', {
      before: { name: known.name, email: known.email },
      after: { name: user.name, email: user.email },
    })
    return { user, change: 'updated', note }
  }
  if (!identity.email) return { user: null, reason: 'the Clerk user has no primary email address' }
  const existing = await tx.user.findUnique({ where: { email: identity.email } })
  if (existing) {
    // A fresh account for this email is made only once the old row is gone.
    if (existing.deletionRequestedAt) return { user: null, reason: 'the account with this email is being deleted at its owner’s request' }
    if (existing.clerkUserId) return { user: null, reason: 'the email belongs to an account linked to another Clerk user' }
    if (!identity.emailVerified) return { user: null, reason: 'the email is not verified in Clerk: the existing account is not linked' }
    const user = await tx.user.update({ where: { id: existing.id }, data: { clerkUserId: identity.clerkUserId } })
    await auditInOrgs(tx, audit, user, 'clerk.user_linked', { clerkUserId: identity.clerkUserId })
    return { user, change: 'linked' }
  }
  const user = await tx.user.create({ data: { email: identity.email, name: identity.name, clerkUserId: identity.clerkUserId } })
  return { user, change: 'created' }
}

async function auditInOrgs(
  tx: Prisma.TransactionClient,
  audit: AuditContext,
  user: User,
  action: 'clerk.user_updated' | 'clerk.user_linked',
  metadata: Record<string, unknown>,
) {
  const memberships = await tx.membership.findMany({ where: { userId: user.id }, select: { orgId: true }, orderBy: { orgId: 'asc' } })
  for (const { orgId } of memberships) {
    await appendAuditEvent(tx, audit, { orgId, action, targets: [{ type: 'user', id: user.id, label: user.email }], metadata })
  }
}

/**
 * Deleted Clerk objects (users, organizations, memberships; their ids are
 * never reused) are remembered as rows `deleted:<clerk id>` in
 * ClerkWebhookDelivery, so that a delivery arriving late (an `updated` after
 * the `deleted`) or a session token minted before the deletion cannot bring
 * them back.
 */
const tombstoneId = (clerkId: string) => `deleted:${clerkId}`

export async function isDeletedInClerk(db: DbClient, clerkId: string): Promise<boolean> {
  return (await db.clerkWebhookDelivery.count({ where: { id: tombstoneId(clerkId) } })) > 0
}

export async function recordDeletedInClerk(tx: Prisma.TransactionClient, clerkId: string, eventType: string) {
  await tx.clerkWebhookDelivery.createMany({ data: [{ id: tombstoneId(clerkId), type: eventType }], skipDuplicates: true })
}
