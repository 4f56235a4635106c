import type { Database } from '../../db'
import type { StripeConfig } from '../../env'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { callStripe, requireStripe, stripeClient } from './stripe-client'
import { planFeatures } from './plans'

/**
 * The Billing page (billing.manage): the plan and subscription as last
 * applied from Stripe, and the two ways into Stripe's own pages: Checkout to
 * upgrade, the customer portal for the card and invoices. Both return
 * Stripe's URL for the browser to follow; neither changes the plan (only the
 * webhooks do, once Stripe has the payment).
 */
export async function getBilling(db: Database, config: StripeConfig | null, orgId: string) {
  const org = await db.prisma.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { plan: true, subscriptionStatus: true, currentPeriodEnd: true, stripeCustomerId: true, stripeSubscriptionId: true },
  })
  return {
    plan: org.plan,
    subscriptionStatus: org.subscriptionStatus,
    currentPeriodEnd: org.currentPeriodEnd,
    /** Stripe is retrying a failed payment: the plan stays, the page asks for a new card. */
    paymentOverdue: org.subscriptionStatus === 'past_due',
    stripeConfigured: config !== null,
    hasBillingAccount: org.stripeCustomerId !== null,
    hasSubscription: org.stripeSubscriptionId !== null,
    enterpriseFeatures: Object.values(planFeatures),
  }
}

const billingPage = (appUrl: string, result?: 'success' | 'cancelled') =>
  `${appUrl}/app/billing${result ? `?checkout=${result}` : ''}`

/**
 * Opens Stripe Checkout for the Enterprise price. The organization's Stripe
 * customer is created on the first upgrade (metadata.orgId, and an
 * idempotency key per organization, so two clicks at once make one customer)
 * and reused afterwards. The session carries the organization's id as
 * client_reference_id and in the subscription's metadata, which is how the
 * webhooks find it.
 */
export async function startCheckout(
  db: Database,
  stripeConfig: StripeConfig | null,
  access: Access,
  audit: AuditContext,
  appUrl: string,
) {
  const config = requireStripe(stripeConfig)
  const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: access.orgId } })
  if (org.plan === 'ENTERPRISE') {
    throw new AppError(
      'UNPROCESSABLE',
      'Your organization is already on the Enterprise plan. Manage the card and invoices instead.',
    )
  }
  const stripe = stripeClient(config)
  const customerId =
    org.stripeCustomerId ??
    (
      await callStripe('create customer', () =>
        stripe.customers.create(
          { name: org.name, metadata: { orgId: org.id } },
          { idempotencyKey: `hireproof-customer-${org.id}` },
        ),
      )
    ).id
  const session = await callStripe('create checkout session', () =>
    stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customerId,
      client_reference_id: org.id,
      line_items: [{ price: config.enterprisePriceIds[0], quantity: 1 }],
      metadata: { orgId: org.id },
      subscription_data: { metadata: { orgId: org.id } },
      success_url: billingPage(appUrl, 'success'),
      cancel_url: billingPage(appUrl, 'cancelled'),
    }),
  )
  if (!session.url) throw new AppError('UNPROCESSABLE', 'Stripe did not return a checkout page. Try again in a minute.')
  await db.prisma.$transaction(async (tx) => {
    // Linked here (not at creation) so that the link and its audit event commit together;
    // the idempotency key makes a retry reuse the customer.
    if (!org.stripeCustomerId) {
      await tx.organization.updateMany({ where: { id: org.id, stripeCustomerId: null }, data: { stripeCustomerId: customerId } })
    }
    await appendAuditEvent(tx, audit, {
      orgId: org.id,
      action: 'billing.checkout_started',
      targets: [{ type: 'organization', id: org.id, label: org.name }],
      metadata: { checkoutSessionId: session.id, customerId, customerCreated: !org.stripeCustomerId },
    })
  })
  return { url: session.url }
}

/** Opens Stripe's customer portal (card, invoices, cancellation) for the organization's customer. */
export async function openPortal(
  db: Database,
  stripeConfig: StripeConfig | null,
  access: Access,
  audit: AuditContext,
  appUrl: string,
) {
  const config = requireStripe(stripeConfig)
  const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: access.orgId } })
  const customerId = org.stripeCustomerId
  if (!customerId) {
    throw new AppError('UNPROCESSABLE', 'There is no billing account yet: it is created when you upgrade to the Enterprise plan.')
  }
  const session = await callStripe('create portal session', () =>
    stripeClient(config).billingPortal.sessions.create({ customer: customerId, return_url: billingPage(appUrl) }),
  )
  await db.prisma.$transaction((tx) =>
    appendAuditEvent(tx, audit, {
      orgId: org.id,
      action: 'billing.portal_opened',
      targets: [{ type: 'organization', id: org.id, label: org.name }],
      metadata: { customerId },
    }),
  )
  return { url: session.url }
}
