import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

/**
 * A stand-in for the parts of Stripe's API that Hireproof calls, on
 * 127.0.0.1, for the real `stripe` SDK (host/port/protocol 'http'):
 * POST /v1/customers (with Idempotency-Key replays, as Stripe does),
 * POST /v1/checkout/sessions, POST /v1/billing_portal/sessions and
 * GET /v1/subscriptions/:id (from `subscriptions`, which tests fill), behind
 * the secret key. Every request is recorded with its form body decoded into
 * nested objects. `failNext` makes the next matching request answer an error.
 * Plus the pieces a test needs to act as Stripe: API-shaped subscriptions and
 * events, and webhook signatures made with stripe.webhooks.generateTestHeaderString.
 */
export type RecordedRequest = {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: Record<string, unknown>
}

const randomId = (prefix: string) => `${prefix}_${crypto.randomBytes(8).toString('hex')}`
const seconds = (date = new Date()) => Math.floor(date.getTime() / 1000)

/** Stripe's form encoding (a[b][0][c]=v) back into nested objects; numeric keys make arrays. */
export function decodeStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.replace(/\]/g, '').split('[')
    let node: Record<string, unknown> | unknown[] = root
    path.forEach((part, i) => {
      const last = i === path.length - 1
      const slot = Array.isArray(node) ? Number(part) : part
      const container = node as Record<string | number, unknown>
      if (last) container[slot] = value
      else {
        container[slot] ??= /^\d+$/.test(path[i + 1]!) ? [] : {}
        node = container[slot] as Record<string, unknown>
      }
    })
  }
  return root
}

export async function startStripeServer(options: { secretKey: string }) {
  const requests: RecordedRequest[] = []
  const customers = new Map<string, Record<string, unknown>>()
  const subscriptions = new Map<string, Stripe.Subscription>()
  const idempotent = new Map<string, unknown>()
  const failures: { method: string; path: RegExp; status: number }[] = []
  let baseUrl = ''

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const body = decodeStripeForm(Buffer.concat(chunks).toString('utf8'))
      requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body })
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': randomId('req') })
        res.end(JSON.stringify(payload))
      }
      const error = (status: number, type: string, message: string) => send(status, { error: { type, message } })
      if (req.headers.authorization !== `Bearer ${options.secretKey}`) {
        return error(401, 'invalid_request_error', 'Invalid API Key provided')
      }
      const failure = failures.findIndex((f) => f.method === req.method && f.path.test(url.pathname))
      if (failure >= 0) {
        const { status } = failures.splice(failure, 1)[0]!
        return error(status, status === 402 ? 'card_error' : 'invalid_request_error', 'Injected failure')
      }
      const key = req.headers['idempotency-key']
      const cacheKey = typeof key === 'string' ? `${req.method} ${url.pathname} ${key}` : null
      if (cacheKey && idempotent.has(cacheKey)) return send(200, idempotent.get(cacheKey))
      const created = (payload: Record<string, unknown>) => {
        if (cacheKey) idempotent.set(cacheKey, payload)
        send(200, payload)
      }
      if (req.method === 'POST' && url.pathname === '/v1/customers') {
        const customer = {
          id: randomId('cus'),
          object: 'customer',
          created: seconds(),
          name: body.name ?? null,
          email: body.email ?? null,
          metadata: body.metadata ?? {},
        }
        customers.set(customer.id, customer)
        return created(customer)
      }
      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        if (typeof body.customer === 'string' && !customers.has(body.customer)) {
          return error(400, 'invalid_request_error', `No such customer: '${body.customer}'`)
        }
        const id = randomId('cs_test')
        return created({
          id,
          object: 'checkout.session',
          created: seconds(),
          mode: body.mode,
          customer: body.customer ?? null,
          client_reference_id: body.client_reference_id ?? null,
          metadata: body.metadata ?? {},
          subscription: null,
          status: 'open',
          payment_status: 'unpaid',
          success_url: body.success_url,
          cancel_url: body.cancel_url,
          url: `${baseUrl}/pay/${id}`,
        })
      }
      if (req.method === 'POST' && url.pathname === '/v1/billing_portal/sessions') {
        if (!customers.has(String(body.customer))) {
          return error(400, 'invalid_request_error', `No such customer: '${String(body.customer)}'`)
        }
        const id = randomId('bps')
        return created({
          id,
          object: 'billing_portal.session',
          created: seconds(),
          customer: body.customer,
          return_url: body.return_url,
          url: `${baseUrl}/portal/${id}`,
        })
      }
      const subscription = url.pathname.match(/^\/v1\/subscriptions\/([^/]+)$/)
      if (req.method === 'GET' && subscription) {
        const found = subscriptions.get(decodeURIComponent(subscription[1]!))
        return found ? send(200, found) : error(404, 'invalid_request_error', `No such subscription: '${subscription[1]}'`)
      }
      error(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname})`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  baseUrl = `http://127.0.0.1:${port}`
  return {
    url: baseUrl,
    requests,
    customers,
    subscriptions,
    /** The next `method` request whose path matches answers `status` (402: a card error; others: invalid request). */
    failNext: (method: string, path: RegExp, status = 400) => failures.push({ method, path, status }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type StripeServer = Awaited<ReturnType<typeof startStripeServer>>

/** A subscription as Stripe's API returns it (the fields Hireproof reads, and a few more). */
export function subscriptionJson(input: {
  id?: string
  customer: string
  status: Stripe.Subscription.Status
  priceId: string
  orgId?: string
  periodEnd?: Date
}): Stripe.Subscription {
  const id = input.id ?? randomId('sub')
  const periodEnd = seconds(input.periodEnd ?? new Date(Date.now() + 30 * 86_400_000))
  return {
    id,
    object: 'subscription',
    created: seconds(),
    customer: input.customer,
    status: input.status,
    metadata: input.orgId ? { orgId: input.orgId } : {},
    cancel_at_period_end: false,
    livemode: false,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
      data: [
        {
          id: randomId('si'),
          object: 'subscription_item',
          subscription: id,
          quantity: 1,
          current_period_start: periodEnd - 30 * 86_400,
          current_period_end: periodEnd,
          price: { id: input.priceId, object: 'price', active: true, currency: 'eur', unit_amount: 99_900, type: 'recurring' },
        },
      ],
    },
  } as unknown as Stripe.Subscription
}

/** An event as Stripe posts it to a webhook endpoint. */
export function eventJson(type: string, object: unknown, options: { id?: string; created?: Date } = {}) {
  return {
    id: options.id ?? randomId('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: seconds(options.created),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  }
}

/** The exact body and Stripe-Signature header of a delivery, signed with `secret` (at `timestamp`, seconds). */
export function signedDelivery(event: unknown, secret: string, timestamp?: number) {
  const rawBody = JSON.stringify(event)
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret, ...(timestamp ? { timestamp } : {}) })
  return { rawBody, signature }
}
