import type { Organization, Plan, Prisma } from '@prisma/client'
import type Stripe from 'stripe'
import { z } from 'zod'
import type { Database } from '../../db'
import type { StripeConfig } from '../../env'
import { appendAuditEvent, systemAuditContext } from '../../audit/append'
import { logger } from '../../logger'
import { containsUnstorableText } from '../../security/unstorable-text'
import { callStripe, stripeClient } from './stripe-client'
import { changePlan, lockOrganization, subscriptionNotEnded } from './plan-change'

/**
 * Stripe's webhooks (POST /webhooks/stripe). The contract, in order:
 * 1. The signature is checked on the exact bytes received
 *    (stripe.webhooks.constructEvent, 5 minutes' tolerance); a bad one is
 *    StripeWebhookRejected (400) and nothing is stored. So is a signed body
 *    that is not an event of the shape Stripe sends, in the fields read here.
 * 2. An event id already in StripeEvent is a replay: 200, nothing happens.
 * 3. checkout.session.completed reads the subscription it created from
 *    Stripe, before any transaction (a failure is StripeUnavailableError:
 *    503, and Stripe delivers the event again later).
 * 4. One transaction records the event and applies it to the organization
 *    (row locked), with its audit events: a crash anywhere leaves nothing,
 *    and Stripe's retry starts over. Two deliveries of one event at once
 *    queue on the row lock and on StripeEvent's primary key; one applies.
 * 5. Out of order: each organization keeps the `created` time of the last
 *    event applied to it (billingSyncedAt); an older event is recorded and
 *    ignored. Events from the same second apply in arrival order.
 * What each status means for the plan is `planFor` (README.md).
 */
export class StripeWebhookRejected extends Error {}

// What the handler reads of an event, as Stripe sends it: ids it looks up or stores, times it turns into dates, lists
// it iterates. A signed body that differs is refused (400) before anything is read or stored, not failed on (500).
// Only checked (unknown fields are allowed); the handler goes on reading the event itself.
const storable = (text: string) => !containsUnstorableText(text)
/** Stripe's ids and type names are at most 255 characters. */
const stripeId = z.string().min(1).max(255).refine(storable)
const idOrObject = z.union([stripeId, z.object({ id: stripeId })]).nullish()
/** Unix seconds up to year 9999. */
const unixSeconds = z.number().int().min(0).max(253_402_300_799)
const metadata = z.record(z.string().max(500).refine(storable)).nullish()
const eventShape = z.object({ id: stripeId, type: stripeId, created: unixSeconds, data: z.object({ object: z.object({}) }) })
const checkoutShape = z.object({
  mode: z.string().nullish(),
  subscription: idOrObject,
  customer: idOrObject,
  client_reference_id: stripeId.nullish(),
  metadata,
})
const subscriptionShape = z.object({
  id: stripeId,
  status: stripeId,
  customer: idOrObject,
  metadata,
  items: z.object({ data: z.array(z.object({ current_period_end: unixSeconds.nullish(), price: z.object({ id: stripeId }) })) }),
})
const invoiceShape = z.object({
  id: stripeId.nullish(),
  customer: idOrObject,
  attempt_count: z.number().int().min(0).nullish(),
  next_payment_attempt: unixSeconds.nullish(),
  parent: z.object({ subscription_details: z.object({ subscription: idOrObject }).nullish() }).nullish(),
})

function expectShape(shape: z.ZodTypeAny, value: unknown) {
  if (!shape.safeParse(value).success) throw new StripeWebhookRejected('Not a Stripe event')
}

export type WebhookOutcome = {
  /** processed: applied. duplicate: a replay. stale: older than what was applied. ignored: nothing to apply (reason). */
  status: 'processed' | 'duplicate' | 'stale' | 'ignored'
  eventId: string
  type: string
  orgId: string | null
  reason?: string
}

/** A subscription as far as plans are concerned. */
type SubscriptionState = { id: string; status: string; priceIds: string[]; currentPeriodEnd: Date | null }

/** What an event says, read before the transaction. */
type Found = { orgHint: string | null; customerId: string | null }
type Incoming =
  | (Found & { kind: 'subscription'; subscription: SubscriptionState })
  | (Found & { kind: 'payment_failed'; subscriptionId: string | null; invoice: Stripe.Invoice })
  | (Found & { kind: 'record'; subscriptionId: string | null; reason: string })

const subscriptionEvents: ReadonlySet<string> = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
])

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? null))

/**
 * The plan a subscription gives: Enterprise while it is active, trialing or
 * past due (Stripe is still retrying the payment; the billing page warns) and
 * one of its prices is an Enterprise price; Standard once it is canceled,
 * unpaid (retries exhausted), paused or expired; an incomplete one (first
 * payment not through yet) neither grants nor takes anything.
 */
export function planFor(subscription: SubscriptionState, config: StripeConfig, current: Plan): Plan {
  const enterprisePrice = subscription.priceIds.some((id) => config.enterprisePriceIds.includes(id))
  switch (subscription.status) {
    case 'active':
    case 'trialing':
    case 'past_due':
      return enterprisePrice ? 'ENTERPRISE' : 'STANDARD'
    case 'incomplete':
      return current
    default:
      return 'STANDARD'
  }
}

function subscriptionState(subscription: Stripe.Subscription): SubscriptionState {
  const ends = subscription.items.data
    .map((item) => item.current_period_end)
    .filter((end): end is number => typeof end === 'number')
  return {
    id: subscription.id,
    status: subscription.status,
    priceIds: subscription.items.data.map((item) => item.price.id),
    currentPeriodEnd: ends.length ? new Date(Math.max(...ends) * 1000) : null,
  }
}

const invoiceSubscriptionId = (invoice: Stripe.Invoice) => idOf(invoice.parent?.subscription_details?.subscription)

async function readIncoming(event: Stripe.Event, config: StripeConfig): Promise<Incoming> {
  if (event.type === 'checkout.session.completed') {
    const session = event.data.object
    expectShape(checkoutShape, session)
    const subscriptionId = idOf(session.subscription)
    const orgHint = session.client_reference_id ?? session.metadata?.orgId ?? null
    const customerId = idOf(session.customer)
    if (session.mode !== 'subscription' || !subscriptionId) {
      return { kind: 'record', orgHint, customerId, subscriptionId, reason: 'not a subscription checkout' }
    }
    // The session names the subscription but not its price or status: read it now.
    const stripe = stripeClient(config)
    const subscription = await callStripe('retrieve subscription', () => stripe.subscriptions.retrieve(subscriptionId))
    return { kind: 'subscription', orgHint, customerId, subscription: subscriptionState(subscription) }
  }
  if (subscriptionEvents.has(event.type)) {
    const subscription = event.data.object as Stripe.Subscription
    expectShape(subscriptionShape, subscription)
    return {
      kind: 'subscription',
      orgHint: subscription.metadata?.orgId ?? null,
      customerId: idOf(subscription.customer),
      subscription: subscriptionState(subscription),
    }
  }
  if (event.type === 'invoice.payment_failed') {
    const invoice = event.data.object
    expectShape(invoiceShape, invoice)
    const found = { orgHint: null, customerId: idOf(invoice.customer), subscriptionId: invoiceSubscriptionId(invoice) }
    return { kind: 'payment_failed', ...found, invoice }
  }
  if (event.type === 'invoice.paid') {
    // Recorded only: when a payment ends a past-due period, Stripe also sends customer.subscription.updated.
    const invoice = event.data.object
    expectShape(invoiceShape, invoice)
    const found = { orgHint: null, customerId: idOf(invoice.customer), subscriptionId: invoiceSubscriptionId(invoice) }
    return { kind: 'record', ...found, reason: 'invoice paid' }
  }
  return { kind: 'record', orgHint: null, customerId: null, subscriptionId: null, reason: 'event type not used' }
}

/** The organization an event is about: our orgId in its metadata first, then the customer, then the subscription. */
async function findOrganization(tx: Prisma.TransactionClient, incoming: Incoming) {
  const subscriptionId = incoming.kind === 'subscription' ? incoming.subscription.id : incoming.subscriptionId
  const candidates: Prisma.OrganizationWhereUniqueInput[] = [
    ...(incoming.orgHint ? [{ id: incoming.orgHint }] : []),
    ...(incoming.customerId ? [{ stripeCustomerId: incoming.customerId }] : []),
    ...(subscriptionId ? [{ stripeSubscriptionId: subscriptionId }] : []),
  ]
  for (const where of candidates) {
    const found = await tx.organization.findUnique({ where, select: { id: true } })
    if (found) {
      await lockOrganization(tx, found.id)
      return tx.organization.findUniqueOrThrow({ where: { id: found.id } })
    }
  }
  return null
}

export async function handleStripeWebhook(
  db: Database,
  config: StripeConfig,
  input: { rawBody: string | Uint8Array; signature: string | null },
  now = new Date(),
): Promise<WebhookOutcome> {
  let event: Stripe.Event
  try {
    event = stripeClient(config).webhooks.constructEvent(input.rawBody, input.signature ?? '', config.webhookSecret)
  } catch {
    throw new StripeWebhookRejected('Invalid Stripe signature')
  }
  expectShape(eventShape, event)
  const outcome = (status: WebhookOutcome['status'], orgId: string | null, reason?: string): WebhookOutcome => ({
    status,
    eventId: event.id,
    type: event.type,
    orgId,
    ...(reason ? { reason } : {}),
  })
  if (await db.prisma.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return outcome('duplicate', null)
  const incoming = await readIncoming(event, config)
  const created = new Date(event.created * 1000)

  return db.prisma.$transaction(async (tx) => {
    const org = await findOrganization(tx, incoming)
    const { count } = await tx.stripeEvent.createMany({
      data: [{ id: event.id, type: event.type, createdAt: created, orgId: org?.id ?? null, receivedAt: now, processedAt: now }],
      skipDuplicates: true,
    })
    if (count === 0) return outcome('duplicate', org?.id ?? null)
    if (!org) return outcome('ignored', null, incoming.kind === 'record' ? incoming.reason : 'no organization for this customer')
    if (incoming.customerId && org.stripeCustomerId && incoming.customerId !== org.stripeCustomerId) {
      logger.warn('stripe event for another customer than the organization’s', { eventId: event.id, orgId: org.id })
      return outcome('ignored', org.id, 'customer does not match the organization')
    }
    const audit = systemAuditContext(`stripe:${event.id}`)
    if (incoming.kind === 'record') return outcome('ignored', org.id, incoming.reason)
    if (incoming.kind === 'payment_failed') {
      await appendAuditEvent(tx, audit, {
        orgId: org.id,
        action: 'billing.payment_failed',
        targets: [{ type: 'organization', id: org.id, label: org.name }],
        metadata: {
          stripeEventId: event.id,
          invoiceId: incoming.invoice.id ?? null,
          attemptCount: incoming.invoice.attempt_count,
          nextAttemptAt: incoming.invoice.next_payment_attempt ? new Date(incoming.invoice.next_payment_attempt * 1000) : null,
        },
      })
      return outcome('processed', org.id)
    }
    if (org.billingSyncedAt && created < org.billingSyncedAt) return outcome('stale', org.id, 'older than the last event applied')
    return applySubscription(tx, org, incoming, { event, created, config, audit }).then((reason) =>
      reason ? outcome('ignored', org.id, reason) : outcome('processed', org.id),
    )
  })
}

/** Applies a subscription's state to its organization; returns why not when it does not. */
async function applySubscription(
  tx: Prisma.TransactionClient,
  org: Organization,
  incoming: Extract<Incoming, { kind: 'subscription' }>,
  context: { event: Stripe.Event; created: Date; config: StripeConfig; audit: ReturnType<typeof systemAuditContext> },
): Promise<string | null> {
  const subscription = incoming.subscription
  // A second subscription of the same customer replaces the linked one only while it is not over:
  // a late "deleted" for an old subscription must not end the new one.
  if (org.stripeSubscriptionId && org.stripeSubscriptionId !== subscription.id && !subscriptionNotEnded(subscription.status)) {
    return 'an ended subscription other than the organization’s'
  }
  const taken = await tx.organization.findFirst({
    where: {
      id: { not: org.id },
      OR: [
        { stripeSubscriptionId: subscription.id },
        ...(incoming.customerId ? [{ stripeCustomerId: incoming.customerId }] : []),
      ],
    },
    select: { id: true },
  })
  if (taken) {
    logger.warn('stripe subscription or customer belongs to another organization', { eventId: context.event.id, orgId: org.id })
    return 'the subscription or customer belongs to another organization'
  }
  await tx.organization.update({
    where: { id: org.id },
    data: {
      stripeSubscriptionId: subscription.id,
      subscriptionStatus: subscription.status,
      currentPeriodEnd: subscription.currentPeriodEnd,
      billingSyncedAt: context.created,
      ...(org.stripeCustomerId || !incoming.customerId ? {} : { stripeCustomerId: incoming.customerId }),
    },
  })
  const plan = planFor(subscription, context.config, org.plan)
  const details = {
    stripeEventId: context.event.id,
    eventType: context.event.type,
    subscriptionId: subscription.id,
    subscriptionStatus: subscription.status,
  }
  const { changed } = await changePlan(tx, org, plan, context.audit, details)
  if (!changed && org.subscriptionStatus !== subscription.status) {
    await appendAuditEvent(tx, context.audit, {
      orgId: org.id,
      action: 'billing.subscription_status_changed',
      targets: [{ type: 'organization', id: org.id, label: org.name }],
      metadata: {
        before: { subscriptionStatus: org.subscriptionStatus },
        after: { subscriptionStatus: subscription.status },
        ...details,
      },
    })
  }
  return null
}
