import express, { type NextFunction, type Request, type Response } from 'express'
import type { Database } from '../db'
import type { Logger } from '../logger'
import type { RequestMeta } from '../auth/session'
import { ScimError, invalidSyntax, invalidValue, scimErrorBody } from '../scim/errors'
import { isDatabaseUnavailable } from '../db/errors'
import { unavailableRetryAfterSeconds } from '../errors'
import { resourceTypes, schemaById, schemas, serviceProviderConfig } from '../scim/discovery'
import { authenticateScimToken, type ScimCaller } from '../services/scim/scim-tokens'
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser, type ListQuery, type ScimContext } from '../services/scim/scim-users'
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup, replaceGroup } from '../services/scim/scim-groups'
import { allowedByAllowlist } from '../services/ip-allowlist/ip-allowlist'
import { containsUnstorableText } from '../security/unstorable-text'

/**
 * The SCIM 2.0 server at /scim/v2 (RFC 7644), outside Remix: bearer-token
 * authentication per organization, JSON in and out as application/scim+json,
 * every error in the SCIM error schema. The organization must be on the
 * Enterprise plan, and its IP allowlist applies here as everywhere (add the
 * identity provider's provisioning addresses to it). Each token may make
 * `requestsPerSecond` requests per second on average per process, with
 * bursts up to `burst`; beyond that the answer is 429 with Retry-After.
 */
export type ScimRouterOptions = {
  db: Database
  logger: Logger
  appUrl: string
  rateLimit?: { requestsPerSecond: number; burst: number }
}

const contentType = 'application/scim+json; charset=utf-8'

function send(res: Response, status: number, body?: unknown) {
  res.status(status)
  res.setHeader('Cache-Control', 'no-store')
  if (body === undefined) return res.end()
  res.setHeader('Content-Type', contentType)
  return res.send(JSON.stringify(body))
}

const sendError = (res: Response, error: ScimError) => send(res, error.status, scimErrorBody(error))

/** A token bucket per SCIM token, per process. */
function tokenBuckets(limit: { requestsPerSecond: number; burst: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>()
  return (key: string, now = Date.now()): number => {
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.requestsPerSecond)
    bucket.at = now
    buckets.set(key, bucket)
    if (buckets.size > 10_000) buckets.delete(buckets.keys().next().value!)
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / limit.requestsPerSecond)
    bucket.tokens -= 1
    return 0
  }
}

/** The query parameters of a list (GET) or the body of a POST .search (RFC 7644 §3.4.3). */
function listQueryFrom(source: Record<string, unknown>): ListQuery {
  const text = (value: unknown, name: string) => {
    if (value === undefined || value === null) return undefined
    if (Array.isArray(value) && name !== 'filter') return value.map(String).join(',')
    if (typeof value !== 'string' && typeof value !== 'number') throw invalidValue(`${name} must be a string`)
    return String(value)
  }
  return {
    filter: text(source.filter, 'filter'),
    startIndex: source.startIndex,
    count: source.count,
    attributes: text(source.attributes, 'attributes'),
    excludedAttributes: text(source.excludedAttributes, 'excludedAttributes'),
  }
}

export function scimRouter({ db, logger, appUrl, rateLimit = { requestsPerSecond: 100, burst: 500 } }: ScimRouterOptions) {
  const router = express.Router()
  const baseUrl = `${appUrl}/scim/v2`
  const take = tokenBuckets(rateLimit)

  router.use(express.json({ type: ['application/scim+json', 'application/json'], limit: '1mb', strict: true }))
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (containsUnstorableText(req.body) || containsUnstorableText(req.query)) {
      return sendError(res, invalidValue('The request holds a NUL character or a broken Unicode sequence'))
    }
    next()
  })

  // Discovery is the same for everyone and reveals nothing about an organization.
  router.get('/ServiceProviderConfig', (_req, res) => send(res, 200, serviceProviderConfig(baseUrl)))
  router.get('/ResourceTypes', (_req, res) => send(res, 200, resourceTypes(baseUrl)))
  router.get('/ResourceTypes/:id', (req, res) => {
    const type = (resourceTypes(baseUrl).Resources as { id: string }[]).find((t) => t.id === req.params.id)
    return type ? send(res, 200, type) : sendError(res, new ScimError(404, `Resource type ${req.params.id} not found`))
  })
  router.get('/Schemas', (_req, res) => send(res, 200, schemas(baseUrl)))
  router.get('/Schemas/:id', (req, res) => {
    const schema = schemaById(baseUrl, req.params.id!)
    return schema ? send(res, 200, schema) : sendError(res, new ScimError(404, `Schema ${req.params.id} not found`))
  })

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const caller = await authenticateScimToken(db, req.get('authorization'))
      if (!caller) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="scim"')
        return sendError(res, new ScimError(401, 'A valid SCIM bearer token is required'))
      }
      if (caller.plan !== 'ENTERPRISE') return sendError(res, new ScimError(403, 'SCIM provisioning is part of the Enterprise plan'))
      const meta = res.locals.meta as RequestMeta
      if (!allowedByAllowlist(meta.ip, caller.ipAllowlist)) {
        return sendError(res, new ScimError(403, `This organization accepts requests only from its allowed networks; ${meta.ip} is not one of them`))
      }
      const retryAfter = take(caller.tokenId)
      if (retryAfter > 0) {
        res.setHeader('Retry-After', String(retryAfter))
        return sendError(res, new ScimError(429, 'Too many requests for this token; slow down'))
      }
      res.locals.scim = {
        orgId: caller.orgId,
        baseUrl,
        audit: { actor: { type: 'SCIM', id: caller.tokenId, email: null }, ip: meta.ip, userAgent: meta.userAgent, requestId: meta.requestId },
      } satisfies ScimContext
      res.locals.scimCaller = caller satisfies ScimCaller
      next()
    } catch (error) {
      next(error)
    }
  })

  type Handler = (ctx: ScimContext, req: Request) => Promise<{ status: number; body?: unknown; location?: string }>
  const handle = (handler: Handler) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const result = await handler(res.locals.scim as ScimContext, req)
      if (result.location) res.setHeader('Location', result.location)
      send(res, result.status, result.body)
    } catch (error) {
      next(error)
    }
  }
  const query = (req: Request) => listQueryFrom(req.query as Record<string, unknown>)
  const body = (req: Request) => {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw invalidSyntax('The request body must be a JSON object')
    return req.body as Record<string, unknown>
  }
  const created = (resource: Record<string, unknown>) => ({
    status: 201,
    body: resource,
    location: (resource.meta as { location: string }).location,
  })

  router.get('/Users', handle(async (ctx, req) => ({ status: 200, body: await listUsers(db, ctx, query(req)) })))
  router.post('/Users/.search', handle(async (ctx, req) => ({ status: 200, body: await listUsers(db, ctx, listQueryFrom(body(req))) })))
  router.get('/Users/:id', handle(async (ctx, req) => ({ status: 200, body: await getUser(db, ctx, req.params.id!, query(req)) })))
  router.post('/Users', handle(async (ctx, req) => created(await createUser(db, ctx, body(req)))))
  router.put('/Users/:id', handle(async (ctx, req) => ({ status: 200, body: await replaceUser(db, ctx, req.params.id!, body(req)) })))
  router.patch('/Users/:id', handle(async (ctx, req) => ({ status: 200, body: await patchUser(db, ctx, req.params.id!, body(req)) })))
  router.delete('/Users/:id', handle(async (ctx, req) => (await deleteUser(db, ctx, req.params.id!), { status: 204 })))

  router.get('/Groups', handle(async (ctx, req) => ({ status: 200, body: await listGroups(db, ctx, query(req)) })))
  router.post('/Groups/.search', handle(async (ctx, req) => ({ status: 200, body: await listGroups(db, ctx, listQueryFrom(body(req))) })))
  router.get('/Groups/:id', handle(async (ctx, req) => ({ status: 200, body: await getGroup(db, ctx, req.params.id!, query(req)) })))
  router.post('/Groups', handle(async (ctx, req) => created(await createGroup(db, ctx, body(req)))))
  router.put('/Groups/:id', handle(async (ctx, req) => ({ status: 200, body: await replaceGroup(db, ctx, req.params.id!, body(req)) })))
  router.patch('/Groups/:id', handle(async (ctx, req) => ({ status: 200, body: await patchGroup(db, ctx, req.params.id!, body(req)) })))
  router.delete('/Groups/:id', handle(async (ctx, req) => (await deleteGroup(db, ctx, req.params.id!), { status: 204 })))

  router.all(['/Bulk', '/Me'], (_req, res) => sendError(res, new ScimError(501, 'Not supported by this service provider')))
  router.all(['/Users', '/Users/:id', '/Groups', '/Groups/:id'], (req, res) => sendError(res, new ScimError(405, `${req.method} is not allowed here`)))
  router.use((req, res) => sendError(res, new ScimError(404, `No SCIM endpoint at ${req.path.slice(0, 100)}`)))

  router.use(((error, _req, res, _next) => {
    if (error instanceof ScimError) return sendError(res, error)
    const parserError = error as { type?: string; status?: number }
    if (parserError.type === 'entity.parse.failed') return sendError(res, invalidSyntax('The request body is not valid JSON'))
    if (parserError.type === 'entity.too.large') return sendError(res, new ScimError(413, 'The request body is larger than 1 MB'))
    if (parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported') {
      return sendError(res, new ScimError(415, 'Send the body as UTF-8 JSON'))
    }
    if (isDatabaseUnavailable(error)) {
      res.setHeader('Retry-After', String(unavailableRetryAfterSeconds))
      return sendError(res, new ScimError(503, 'The service is briefly unavailable. Try again in a few seconds.'))
    }
    const requestId = (res.locals.meta as RequestMeta | undefined)?.requestId
    logger.error('scim request failed', { requestId, error })
    return sendError(res, new ScimError(500, `Internal error (request ${requestId ?? 'unknown'})`))
  }) as express.ErrorRequestHandler)

  return router
}
