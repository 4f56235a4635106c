import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type Stripe from 'stripe'
import type { AuditAction } from '../../server/audit/catalog'
import { useTestDatabase } from '../setup/database'
import { callerAs, createUser, roleOf, testEnv, unique } from '../factories'
import { buildTenant } from '../factories/tenant'
import { databaseFingerprint } from '../setup/snapshot'
import { createTestIdp } from '../support/saml-idp'
import { eventJson, signedDelivery, startStripeServer, subscriptionJson, type StripeServer } from '../support/stripe-server'
import { expectTRPCError } from './expect-error'
import { StripeWebhookRejected, handleStripeWebhook } from '../../server/services/billing/webhooks'
import { StripeUnavailableError, stripeApiVersion } from '../../server/services/billing/stripe-client'
import { upgradeMessage } from '../../server/services/billing/plans'
import { getBilling } from '../../server/services/billing/billing'
import { stripeWebhookResponse } from '../../app/utils/stripe-webhook.server'
import { parseEnv, type Env, type StripeConfig } from '../../server/env'

/**
 * Stripe billing with the real `stripe` SDK pointed at a local stand-in
 * (tests/support/stripe-server.ts): Checkout and the customer portal,
 * webhooks signed with stripe.webhooks.generateTestHeaderString (replays and
 * out-of-order deliveries are harmless), Enterprise features gated by the
 * plan, and plans set by a platform admin.
 */
const db = await useTestDatabase()
const secretKey = 'sk_test_hireproofbilling'
const webhookSecret = `whsec_${crypto.randomBytes(24).toString('base64')}`
const enterprisePrice = 'price_enterprisemonthly'
const yearlyPrice = 'price_enterpriseyearly'

let stripe: StripeServer
let config: StripeConfig
/** The test environment with Stripe pointed at the stand-in (what every caller here uses unless it says otherwise). */
let stripeEnv: Env
const parseTestEnv = (extra: Record<string, string>) =>
  parseEnv({ NODE_ENV: 'test', APP_URL: testEnv.appUrl, LOG_LEVEL: 'silent', STORAGE_DIR: testEnv.STORAGE_DIR, ...extra })

beforeAll(async () => {
  stripe = await startStripeServer({ secretKey })
  const env = parseTestEnv({
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_PRICE_ENTERPRISE: `${enterprisePrice}, ${yearlyPrice}`,
    STRIPE_API_BASE: stripe.url,
  })
  config = env.stripe!
  stripeEnv = { ...testEnv, stripe: config }
})
afterAll(() => stripe?.close())

const deliver = (event: unknown, secret = webhookSecret) => handleStripeWebhook(db, config, signedDelivery(event, secret))
const orgRow = (id: string) => db.prisma.organization.findUniqueOrThrow({ where: { id } })
const eventsOf = (orgId: string, action: AuditAction) =>
  db.prisma.auditEvent.findMany({ where: { orgId, action }, orderBy: { seq: 'asc' } })
const planChanges = (orgId: string) => eventsOf(orgId, 'billing.plan_changed')
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000)
const at = (s: number) => ({ created: secondsAgo(s) })
const orgIdIn = (body: Record<string, unknown>) => (body.metadata as { orgId?: string } | undefined)?.orgId
const customersCreatedFor = (orgId: string) =>
  stripe.requests.filter((r) => r.path === '/v1/customers' && orgIdIn(r.body) === orgId)
const checkoutsOf = (orgId: string) =>
  stripe.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.body.client_reference_id === orgId)

/** A subscription of `customer` to the Enterprise price, active unless `overrides` say otherwise. */
type SubscriptionInput = Parameters<typeof subscriptionJson>[0]
const enterpriseSubscription = (customer: string, orgId?: string, overrides: Partial<SubscriptionInput> = {}) =>
  subscriptionJson({ customer, status: 'active', priceId: enterprisePrice, orgId, ...overrides })

/** What Stripe posts when Checkout completed for `orgId`. */
const completedCheckout = (customer: string, subscription: string, orgId: string) => ({
  id: `cs_test_${crypto.randomBytes(6).toString('hex')}`,
  object: 'checkout.session',
  mode: 'subscription',
  customer,
  subscription,
  client_reference_id: orgId,
  metadata: { orgId },
})

async function ownerOf(plan: 'STANDARD' | 'ENTERPRISE' = 'STANDARD', env = stripeEnv) {
  const tenant = await buildTenant(db, unique('bill'), { plan })
  return { tenant, caller: (await callerAs(db, tenant.owner.id, tenant.org.id, env)).caller }
}

/** An organization linked to a Stripe customer, as after its first checkout. */
async function customerOrg() {
  const { tenant, caller } = await ownerOf()
  const { url } = await caller.billing.startCheckout()
  const customer = (await orgRow(tenant.org.id)).stripeCustomerId!
  return { tenant, caller, customer, checkoutUrl: url }
}

describe('Checkout and the customer portal', () => {
  it('creates the customer once (metadata.orgId) and reuses it; the session carries the organization; audited', async () => {
    const { tenant, caller } = await ownerOf()
    const first = await caller.billing.startCheckout()
    expect(first.url).toMatch(new RegExp(`^${stripe.url}/pay/cs_test_`))
    const org = await orgRow(tenant.org.id)
    expect(org.stripeCustomerId).toMatch(/^cus_/)
    expect(org.plan).toBe('STANDARD') // only the webhook changes the plan

    const created = customersCreatedFor(tenant.org.id)
    expect(created).toHaveLength(1)
    expect(created[0]!.body).toMatchObject({ name: tenant.org.name, metadata: { orgId: tenant.org.id } })
    expect(created[0]!.headers['idempotency-key']).toBe(`hireproof-customer-${tenant.org.id}`)
    expect(created[0]!.headers['stripe-version']).toBe(stripeApiVersion)
    expect(checkoutsOf(tenant.org.id)[0]!.body).toEqual({
      mode: 'subscription',
      customer: org.stripeCustomerId,
      client_reference_id: tenant.org.id,
      line_items: [{ price: enterprisePrice, quantity: '1' }],
      metadata: { orgId: tenant.org.id },
      subscription_data: { metadata: { orgId: tenant.org.id } },
      success_url: `${testEnv.appUrl}/app/billing?checkout=success`,
      cancel_url: `${testEnv.appUrl}/app/billing?checkout=cancelled`,
    })

    await caller.billing.startCheckout()
    expect(customersCreatedFor(tenant.org.id)).toHaveLength(1)
    expect(checkoutsOf(tenant.org.id).map((r) => r.body.customer)).toEqual([org.stripeCustomerId, org.stripeCustomerId])
    const events = await eventsOf(tenant.org.id, 'billing.checkout_started')
    expect(events.map((e) => [e.actorType, e.actorId, (e.metadata as { customerCreated: boolean }).customerCreated])).toEqual([
      ['USER', tenant.owner.id, true],
      ['USER', tenant.owner.id, false],
    ])
  })

  it('opens the portal for the customer, returning to the Billing page; refused before there is a customer', async () => {
    const { caller: fresh } = await ownerOf()
    const none = await expectTRPCError(fresh.billing.openPortal(), 'UNPROCESSABLE_CONTENT')
    expect(none.message).toContain('no billing account yet')
    const { tenant, caller, customer } = await customerOrg()
    const { url } = await caller.billing.openPortal()
    expect(url).toMatch(new RegExp(`^${stripe.url}/portal/bps_`))
    expect(stripe.requests.filter((r) => r.path === '/v1/billing_portal/sessions').at(-1)!.body).toEqual({
      customer,
      return_url: `${testEnv.appUrl}/app/billing`,
    })
    expect(await eventsOf(tenant.org.id, 'billing.portal_opened')).toHaveLength(1)
  })

  it('refuses an Enterprise organization, a member without billing.manage and a Stripe failure, changing nothing', async () => {
    const { caller: enterprise } = await ownerOf('ENTERPRISE')
    const already = await expectTRPCError(enterprise.billing.startCheckout(), 'UNPROCESSABLE_CONTENT')
    expect(already.message).toContain('already on the Enterprise plan')

    const { tenant, caller } = await ownerOf()
    const admin = await createUser(db)
    const adminRole = await roleOf(db, tenant.org.id, 'admin')
    await db.prisma.membership.create({ data: { orgId: tenant.org.id, userId: admin.id, roleId: adminRole.id } })
    const adminCaller = (await callerAs(db, admin.id, tenant.org.id)).caller
    expect((await expectTRPCError(adminCaller.billing.startCheckout(), 'FORBIDDEN')).message).toContain('billing.manage')
    await expectTRPCError(adminCaller.billing.get(), 'FORBIDDEN')

    const requests = stripe.requests.length
    const before = await databaseFingerprint(db)
    stripe.failNext('POST', /^\/v1\/checkout\/sessions$/, 402)
    const failed = await expectTRPCError(caller.billing.startCheckout(), 'UNPROCESSABLE_CONTENT')
    expect(failed.message).toBe('Stripe could not complete the request. Nothing was changed; try again in a minute.')
    expect(stripe.requests.length).toBeGreaterThan(requests)
    expect(await databaseFingerprint(db)).toEqual(before)
  })

  it('without Stripe keys: the page says a platform admin sets the plan, and Checkout and the portal are refused', async () => {
    expect(testEnv.stripe).toBeNull()
    const { caller } = await ownerOf('STANDARD', testEnv)
    expect(await caller.billing.get()).toMatchObject({ plan: 'STANDARD', stripeConfigured: false, hasBillingAccount: false })
    const requests = stripe.requests.length
    const refused = await expectTRPCError(caller.billing.startCheckout(), 'UNPROCESSABLE_CONTENT')
    expect(refused.message).toContain('A Hireproof platform administrator sets your plan')
    await expectTRPCError(caller.billing.openPortal(), 'UNPROCESSABLE_CONTENT')
    expect(stripe.requests.length).toBe(requests)
  })
})

describe('Stripe webhooks', () => {
  it('checkout.session.completed reads the subscription and upgrades the organization, audited as the system', async () => {
    const { tenant, caller, customer } = await customerOrg()
    const subscription = enterpriseSubscription(customer, tenant.org.id)
    stripe.subscriptions.set(subscription.id, subscription)
    const event = eventJson('checkout.session.completed', completedCheckout(customer, subscription.id, tenant.org.id))
    expect(await deliver(event)).toMatchObject({ status: 'processed', orgId: tenant.org.id })
    expect(stripe.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/subscriptions/${subscription.id}` })

    const org = await orgRow(tenant.org.id)
    expect(org).toMatchObject({ plan: 'ENTERPRISE', stripeSubscriptionId: subscription.id, subscriptionStatus: 'active' })
    expect(org.currentPeriodEnd?.getTime()).toBe(subscription.items.data[0]!.current_period_end * 1000)
    expect(org.billingSyncedAt?.getTime()).toBe(event.created * 1000)
    const [change] = await planChanges(tenant.org.id)
    expect(change).toMatchObject({ actorType: 'SYSTEM', actorId: null, requestId: `stripe:${event.id}` })
    expect(change!.metadata).toMatchObject({ before: { plan: 'STANDARD' }, after: { plan: 'ENTERPRISE' } })
    expect(change!.metadata).toMatchObject({ stripeEventId: event.id, subscriptionId: subscription.id })
    const stored = await db.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })
    expect(stored).toMatchObject({ orgId: tenant.org.id, type: event.type })
    const billing = await caller.billing.get()
    expect(billing).toMatchObject({ plan: 'ENTERPRISE', subscriptionStatus: 'active', paymentOverdue: false })
  })

  it('a replay of an event id is harmless: one plan change, one audit event, one stored event', async () => {
    const { tenant, customer } = await customerOrg()
    const yearly = enterpriseSubscription(customer, tenant.org.id, { priceId: yearlyPrice })
    const event = eventJson('customer.subscription.created', yearly)
    expect((await deliver(event)).status).toBe('processed')
    const before = await databaseFingerprint(db)
    expect((await deliver(event)).status).toBe('duplicate')
    expect((await deliver(event)).status).toBe('duplicate')
    expect(await databaseFingerprint(db)).toEqual(before)
    expect((await orgRow(tenant.org.id)).plan).toBe('ENTERPRISE')
    expect(await planChanges(tenant.org.id)).toHaveLength(1)
    expect(await db.prisma.stripeEvent.count({ where: { id: event.id } })).toBe(1)
  })

  it('past due keeps Enterprise with a warning, canceled ends it and lifts SSO enforcement', async () => {
    const { tenant, customer } = await customerOrg()
    const id = `sub_lifecycle${tenant.org.id.slice(-6)}`
    const sub = (status: Stripe.Subscription.Status) => enterpriseSubscription(customer, tenant.org.id, { id, status })
    expect((await deliver(eventJson('customer.subscription.created', sub('active'), at(30)))).status).toBe('processed')
    await db.prisma.organization.update({ where: { id: tenant.org.id }, data: { enforceSso: true } })

    await deliver(eventJson('customer.subscription.updated', sub('past_due'), at(20)))
    // (Read directly: with SSO enforced, the owner's password session would first need a second factor.)
    const billing = await getBilling(db, config, tenant.org.id)
    expect(billing).toMatchObject({ plan: 'ENTERPRISE', subscriptionStatus: 'past_due', paymentOverdue: true })
    const [statusEvent] = await eventsOf(tenant.org.id, 'billing.subscription_status_changed')
    expect(statusEvent!.metadata).toMatchObject({ before: { subscriptionStatus: 'active' } })
    expect(statusEvent!.metadata).toMatchObject({ after: { subscriptionStatus: 'past_due' } })

    const nextAttempt = Math.floor(Date.now() / 1000) + 86_400
    const invoice = { id: 'in_failed', object: 'invoice', customer, attempt_count: 2, next_payment_attempt: nextAttempt }
    expect((await deliver(eventJson('invoice.payment_failed', invoice, at(19)))).status).toBe('processed')
    expect(await eventsOf(tenant.org.id, 'billing.payment_failed')).toHaveLength(1)

    await deliver(eventJson('customer.subscription.deleted', sub('canceled'), at(10)))
    const org = await orgRow(tenant.org.id)
    expect(org).toMatchObject({ plan: 'STANDARD', subscriptionStatus: 'canceled', enforceSso: false })
    const changes = await planChanges(tenant.org.id)
    expect(changes.map((c) => (c.metadata as { after: { plan: string } }).after.plan)).toEqual(['ENTERPRISE', 'STANDARD'])
    expect(changes[1]!.metadata).toMatchObject({ ssoEnforcementLifted: true, subscriptionStatus: 'canceled' })
  })

  it('ignores an event older than the last one applied, and an ended subscription that is not the organization’s', async () => {
    const { tenant, customer } = await customerOrg()
    const suffix = tenant.org.id.slice(-6)
    const sub = (status: Stripe.Subscription.Status, id = `sub_new${suffix}`) =>
      enterpriseSubscription(customer, tenant.org.id, { id, status })
    await deliver(eventJson('customer.subscription.created', sub('active'), at(120)))
    await deliver(eventJson('customer.subscription.deleted', sub('canceled'), at(10)))
    const late = eventJson('customer.subscription.updated', sub('active'), at(60))
    expect(await deliver(late)).toMatchObject({ status: 'stale', orgId: tenant.org.id })
    expect(await orgRow(tenant.org.id)).toMatchObject({ plan: 'STANDARD', subscriptionStatus: 'canceled' })
    expect(await planChanges(tenant.org.id)).toHaveLength(2)
    expect(await db.prisma.stripeEvent.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({ orgId: tenant.org.id })

    // A new subscription, then a late "deleted" for some older one of the same customer: the new one stands.
    await deliver(eventJson('customer.subscription.created', sub('active', `sub_second${suffix}`)))
    const old = eventJson('customer.subscription.deleted', sub('canceled', `sub_old${suffix}`))
    expect(await deliver(old)).toMatchObject({ status: 'ignored' })
    expect(await orgRow(tenant.org.id)).toMatchObject({ plan: 'ENTERPRISE', stripeSubscriptionId: `sub_second${suffix}` })
  })

  it('a subscription to another price is the Standard plan', async () => {
    const { tenant, customer } = await customerOrg()
    const other = enterpriseSubscription(customer, undefined, { priceId: 'price_other' })
    await deliver(eventJson('customer.subscription.created', other))
    expect(await orgRow(tenant.org.id)).toMatchObject({ plan: 'STANDARD', subscriptionStatus: 'active' })
    expect(await planChanges(tenant.org.id)).toHaveLength(0)
  })

  it('refuses a bad signature with nothing stored', async () => {
    const { tenant, customer } = await customerOrg()
    const event = eventJson('customer.subscription.created', enterpriseSubscription(customer, tenant.org.id))
    const good = signedDelivery(event, webhookSecret)
    const before = await databaseFingerprint(db)
    const deliveries = [
      signedDelivery(event, `whsec_${crypto.randomBytes(24).toString('base64')}`),
      { rawBody: good.rawBody.replace('"active"', '"trialing"'), signature: good.signature },
      { rawBody: good.rawBody, signature: null },
      signedDelivery(event, webhookSecret, Math.floor(Date.now() / 1000) - 10 * 60),
    ]
    for (const delivery of deliveries) {
      await expect(handleStripeWebhook(db, config, delivery)).rejects.toBeInstanceOf(StripeWebhookRejected)
    }
    expect(await databaseFingerprint(db)).toEqual(before)
  })

  it('an event for no known organization answers ignored and changes no organization', async () => {
    await customerOrg()
    const orgsBefore = await db.prisma.organization.findMany({ orderBy: { id: 'asc' } })
    const auditBefore = await db.prisma.auditEvent.count()
    const stray = eventJson('customer.subscription.created', enterpriseSubscription('cus_nobodyknows'))
    expect(await deliver(stray)).toMatchObject({ status: 'ignored', orgId: null })
    expect(await db.prisma.organization.findMany({ orderBy: { id: 'asc' } })).toEqual(orgsBefore)
    expect(await db.prisma.auditEvent.count()).toBe(auditBefore)
    expect(await db.prisma.stripeEvent.findUniqueOrThrow({ where: { id: stray.id } })).toMatchObject({ orgId: null })
  })

  it('when Stripe cannot be read, nothing is stored and Stripe is asked to retry', async () => {
    const { tenant, customer } = await customerOrg()
    const before = await databaseFingerprint(db)
    const event = eventJson('checkout.session.completed', completedCheckout(customer, 'sub_missing', tenant.org.id))
    await expect(deliver(event)).rejects.toBeInstanceOf(StripeUnavailableError)
    expect(await databaseFingerprint(db)).toEqual(before)
  })
})

describe('POST /webhooks/stripe', () => {
  const context = { meta: { requestId: 'req-stripe-test', ip: '127.0.0.1', userAgent: 'Stripe/1.0' }, cspNonce: '' }
  const withStripe = () => ({ ...parseTestEnv({}), stripe: config })
  const post = (rawBody: string, signature: string | null, env = parseTestEnv({})) => {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }
    if (signature) headers['stripe-signature'] = signature
    const request = new Request(`${testEnv.appUrl}/webhooks/stripe`, { method: 'POST', body: rawBody, headers })
    return stripeWebhookResponse(request, context, { env, db })
  }

  it('answers 200 once processed and for a replay, 400 for a bad signature, 503 when Stripe is down, else 404', async () => {
    const { tenant, customer } = await customerOrg()
    const subscribed = eventJson('customer.subscription.created', enterpriseSubscription(customer, tenant.org.id))
    const delivery = signedDelivery(subscribed, webhookSecret)
    const first = await post(delivery.rawBody, delivery.signature, withStripe())
    expect([first.status, await first.json()]).toEqual([200, { received: true, status: 'processed' }])
    const again = await post(delivery.rawBody, delivery.signature, withStripe())
    expect([again.status, await again.json()]).toEqual([200, { received: true, status: 'duplicate' }])
    const bad = await post(delivery.rawBody, 't=1,v1=00', withStripe())
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'Invalid Stripe signature' }])
    expect((await post('x'.repeat(1024 * 1024 + 1), delivery.signature, withStripe())).status).toBe(413)
    const unreadable = eventJson('checkout.session.completed', completedCheckout(customer, 'sub_gone', tenant.org.id))
    const down = signedDelivery(unreadable, webhookSecret)
    expect((await post(down.rawBody, down.signature, withStripe())).status).toBe(503)
    expect((await post(delivery.rawBody, delivery.signature)).status).toBe(404)
    const route = await import('../../app/routes/webhooks.stripe')
    expect((await route.loader()).status).toBe(405)
    expect((await orgRow(tenant.org.id)).plan).toBe('ENTERPRISE')
  })
})

describe('Enterprise features are gated by the plan', () => {
  const grantTerms = { reason: 'Ticket 4711: interview analysis shows no scores', scope: 'read_only' as const, durationHours: 2 }
  const ruleInput = { dataKind: 'ANALYSES', action: 'DELETE', afterDays: 30, candidateStatus: 'ANY' } as const
  const ssoInput = (defaultRoleId: string) =>
    ({ preset: 'custom', metadataXml: createTestIdp().metadataXml(), defaultRoleId, jitProvisioning: true }) as const
  const office = { entries: [{ cidr: '203.0.113.0/24', label: 'Office' }] }
  const fixtures = ({ ids }: { ids: Record<string, string | undefined> }) => ({
    grantId: ids.grantId!,
    groupId: ids.groupId!,
    ruleId: ids.ruleId!,
  })

  it('Standard is refused SSO, SCIM, IP allowlists, support access and retention rules; nothing changes', async () => {
    const { tenant, caller } = await ownerOf()
    const staff = await createUser(db, { isStaff: true })
    const staffApi = (await callerAs(db, staff.id, null)).caller
    const viewer = await roleOf(db, tenant.org.id, 'viewer')
    const { grantId, groupId, ruleId } = fixtures(tenant)
    const [staffEmail, orgId] = [staff.email, tenant.org.id]
    await db.prisma.retentionRule.update({ where: { id: ruleId }, data: { enabled: false } })
    const refusals: [string, () => Promise<unknown>, string][] = [
      ['sso.save', () => caller.sso.save(ssoInput(viewer.id)), upgradeMessage('sso')],
      ['domain.add', () => caller.domain.add({ domain: `${unique('corp')}.example.test` }), upgradeMessage('sso')],
      ['scim.createToken', () => caller.scim.createToken({ name: 'Okta' }), upgradeMessage('scim')],
      ['scim.mapGroup', () => caller.scim.mapGroup({ groupId, roleId: viewer.id }), upgradeMessage('scim')],
      ['ipAllowlist.replace', () => caller.ipAllowlist.replace(office), upgradeMessage('ip_allowlist')],
      ['supportAccess.grant', () => caller.supportAccess.grant({ ...grantTerms, staffEmail }), upgradeMessage('support_access')],
      ['supportAccess.decide', () => caller.supportAccess.decide({ grantId, approve: true }), upgradeMessage('support_access')],
      ['support.requestAccess', () => staffApi.support.requestAccess({ ...grantTerms, orgId }), upgradeMessage('support_access')],
      ['retention.createRule', () => caller.retention.createRule(ruleInput), upgradeMessage('custom_retention')],
      ['retention.setEnabled', () => caller.retention.setEnabled({ ruleId, enabled: true }), upgradeMessage('custom_retention')],
    ]
    const before = await databaseFingerprint(db)
    for (const [name, call, message] of refusals) {
      const error = await expectTRPCError(call(), 'FORBIDDEN')
      expect(error.message, name).toBe(message)
      expect(error.message).toMatch(/is part of the Enterprise plan\. An owner can upgrade on the Billing page\.$/)
    }
    expect(await databaseFingerprint(db)).toEqual(before)

    // Turning things off stays possible on any plan.
    await caller.ipAllowlist.replace({ entries: [] })
    await caller.supportAccess.decide({ grantId, approve: false })
    await caller.retention.deleteRule({ ruleId })
  })

  it('an Enterprise organization may use each of them', async () => {
    const { tenant, caller } = await ownerOf('ENTERPRISE')
    const staff = await createUser(db, { isStaff: true })
    const viewer = await roleOf(db, tenant.org.id, 'viewer')
    const { grantId, groupId, ruleId } = fixtures(tenant)
    await caller.sso.save(ssoInput(viewer.id))
    await caller.domain.add({ domain: `${unique('corp')}.example.test` })
    await caller.scim.createToken({ name: 'Okta' })
    await caller.scim.mapGroup({ groupId, roleId: viewer.id })
    await caller.ipAllowlist.replace(office)
    await caller.supportAccess.grant({ ...grantTerms, staffEmail: staff.email })
    await caller.supportAccess.decide({ grantId, approve: true })
    await caller.retention.createRule(ruleInput)
    await caller.retention.setEnabled({ ruleId, enabled: true })
    const staffCaller = (await callerAs(db, (await createUser(db, { isStaff: true })).id, null)).caller
    await staffCaller.support.requestAccess({ ...grantTerms, orgId: tenant.org.id })
  })
})

describe('plans set by a platform admin', () => {
  async function platformAdmin() {
    const admin = await createUser(db, { isPlatformAdmin: true, email: `${unique('ops')}@hireproof.test` })
    return { admin, caller: (await callerAs(db, admin.id, null)).caller }
  }

  it('sets a plan, recorded in the platform trail and in the organization’s log; the features follow', async () => {
    const { tenant, caller: owner } = await ownerOf('STANDARD', testEnv)
    const { admin, caller } = await platformAdmin()
    const found = await caller.platform.organizations({ query: tenant.org.name })
    expect(found.map((o) => [o.id, o.plan])).toEqual([[tenant.org.id, 'STANDARD']])
    const set = await caller.platform.setPlan({ orgId: tenant.org.id, plan: 'ENTERPRISE', reason: 'Contract HP-2024-17' })
    expect(set).toEqual({ plan: 'ENTERPRISE', changed: true })
    expect((await orgRow(tenant.org.id)).plan).toBe('ENTERPRISE')
    const trail = await db.prisma.platformAuditEvent.findMany({ where: { actorId: admin.id } })
    expect(trail).toHaveLength(1)
    expect(trail[0]).toMatchObject({ action: 'organization.plan_set', targetId: tenant.org.id, actorEmail: admin.email })
    expect(trail[0]!.data).toMatchObject({ before: 'STANDARD', after: 'ENTERPRISE', reason: 'Contract HP-2024-17' })
    const [change] = await planChanges(tenant.org.id)
    expect(change).toMatchObject({ actorType: 'SYSTEM', actorId: null, actorEmail: null })
    expect(change!.metadata).toMatchObject({ source: 'platform_admin', after: { plan: 'ENTERPRISE' } })
    await owner.scim.createToken({ name: 'Okta' })

    // The same plan again changes nothing and records nothing.
    const again = await caller.platform.setPlan({ orgId: tenant.org.id, plan: 'ENTERPRISE', reason: 'Again' })
    expect(again).toEqual({ plan: 'ENTERPRISE', changed: false })
    expect(await db.prisma.platformAuditEvent.count({ where: { actorId: admin.id } })).toBe(1)
    await caller.platform.setPlan({ orgId: tenant.org.id, plan: 'STANDARD', reason: 'Contract ended' })
    await expectTRPCError(owner.scim.createToken({ name: 'Okta 2' }), 'FORBIDDEN')
  })

  it('is refused to others, for bad input, unknown organizations and those paying through Stripe; nothing changes', async () => {
    const { tenant, caller: owner, customer } = await customerOrg()
    const { caller } = await platformAdmin()
    await deliver(eventJson('customer.subscription.created', enterpriseSubscription(customer, tenant.org.id)))
    const other = (await ownerOf()).tenant.org.id
    const before = await databaseFingerprint(db)
    await expectTRPCError(owner.platform.setPlan({ orgId: other, plan: 'ENTERPRISE', reason: 'I would like it' }), 'FORBIDDEN')
    await expectTRPCError(owner.platform.organizations({}), 'FORBIDDEN')
    await expectTRPCError(caller.platform.setPlan({ orgId: other, plan: 'ENTERPRISE', reason: 'x' }), 'BAD_REQUEST')
    const gold = 'GOLD' as 'ENTERPRISE'
    await expectTRPCError(caller.platform.setPlan({ orgId: other, plan: gold, reason: 'Contract' }), 'BAD_REQUEST')
    await expectTRPCError(caller.platform.setPlan({ orgId: 'no-such-org', plan: 'ENTERPRISE', reason: 'Contract' }), 'NOT_FOUND')
    const downgrade = caller.platform.setPlan({ orgId: tenant.org.id, plan: 'STANDARD', reason: 'Downgrade' })
    const refused = await expectTRPCError(downgrade, 'UNPROCESSABLE_CONTENT')
    expect(refused.message).toContain('Change or cancel it in the Stripe Dashboard')
    expect(await databaseFingerprint(db)).toEqual(before)
  })
})
