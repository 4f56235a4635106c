import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import type { Plan } from '@prisma/client'
import type { Database } from '../../server/db'
import { parseEnv, type Env } from '../../server/env'
import { createSession, type RequestMeta } from '../../server/auth/session'
import { sessionCookieName } from '../../server/auth/cookies'
import { createOrganization } from '../../server/services/orgs/orgs'
import { parse as parseCookie } from 'cookie'
import { createCallerFactory } from '../../server/trpc/init'
import { appRouter } from '../../server/trpc/router'
import { createContext } from '../../server/trpc/context'
import { getSecretBox } from '../../server/security/app-secret-box'
import { beginEnrolment, confirmEnrolment } from '../../server/services/two-factor/two-factor'
import { base32Decode, totp } from '../../server/auth/totp'

const createCaller = createCallerFactory(appRouter)

/** Test data builders. Every value is unique per call so tests never collide. */
export const testEnv = parseEnv({
  NODE_ENV: 'test',
  APP_URL: 'http://localhost:3999',
  LOG_LEVEL: 'silent',
  STORAGE_DIR: path.join(os.tmpdir(), `hireproof-test-blobs-${process.pid}`),
})

export const unique = (prefix = 'x') => `${prefix}-${crypto.randomBytes(4).toString('hex')}`

export const testMeta = (overrides: Partial<RequestMeta> = {}): RequestMeta => ({
  ip: '203.0.113.10',
  userAgent: 'vitest',
  requestId: unique('req'),
  ...overrides,
})

export async function createUser(
  db: Database,
  overrides: { email?: string; name?: string; passwordHash?: string; isPlatformAdmin?: boolean; isStaff?: boolean } = {},
) {
  return db.prisma.user.create({
    data: {
      email: overrides.email ?? `${unique('user')}@example.test`,
      name: overrides.name ?? 'Test User',
      passwordHash: overrides.passwordHash ?? null,
      isPlatformAdmin: overrides.isPlatformAdmin ?? false,
      isStaff: overrides.isStaff ?? false,
    },
  })
}

/**
 * An organization with the built-in roles, owned by a new user. On the
 * Standard plan like a signed-up one, unless `plan` says otherwise: SSO,
 * SCIM, IP allowlists, support access and retention rules need ENTERPRISE.
 */
export async function createOrgWithOwner(db: Database, name = unique('Org'), options: { plan?: Plan } = {}) {
  const owner = await createUser(db)
  const org = await db.prisma.$transaction(async (tx) => {
    const created = await createOrganization(tx, { name, ownerId: owner.id })
    if (!options.plan || options.plan === created.plan) return created
    return tx.organization.update({ where: { id: created.id }, data: { plan: options.plan } })
  })
  return { org, owner }
}

export async function roleOf(db: Database, orgId: string, key: string) {
  return db.prisma.role.findUniqueOrThrow({ where: { orgId_key: { orgId, key } } })
}

/** Adds a new user to `orgId` with the built-in role `roleKey`. */
export async function createMember(db: Database, orgId: string, roleKey: string) {
  const user = await createUser(db)
  const role = await roleOf(db, orgId, roleKey)
  await db.prisma.membership.create({ data: { orgId, userId: user.id, roleId: role.id } })
  return user
}

/** A request carrying the given session token (and any other cookies) as the browser would. */
export function requestWithSession(token?: string, url = 'http://localhost:3999/api/trpc', otherCookies: Record<string, string> = {}) {
  const headers = new Headers({ 'user-agent': 'vitest' })
  const cookies = { ...otherCookies, ...(token ? { [sessionCookieName(testEnv.secureCookies)]: token } : {}) }
  const header = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ')
  if (header) headers.set('cookie', header)
  return new Request(url, { headers })
}

/**
 * A tRPC caller that behaves like a browser: every call is a new request
 * carrying the current cookies (the session and any other, such as a pending
 * two-factor sign-in), and Set-Cookie answers update them (sign-in,
 * rotation, sign-out), exactly as they would between page loads.
 */
export function browserCaller(db: Database, initialToken?: string, meta = testMeta(), env: Env = testEnv) {
  const name = sessionCookieName(testEnv.secureCookies)
  let token = initialToken
  const otherCookies: Record<string, string> = {}
  let lastHeaders = new Headers()
  class CookieJarHeaders extends Headers {
    override append(key: string, value: string) {
      super.append(key, value)
      if (key.toLowerCase() !== 'set-cookie') return
      const [cookieName, cookieValue] = Object.entries(parseCookie(value.split(';')[0] ?? ''))[0] ?? []
      if (!cookieName) return
      const cleared = /expires=Thu, 01 Jan 1970/i.test(value)
      if (cookieName === name) token = cleared ? undefined : cookieValue
      else if (cleared) delete otherCookies[cookieName]
      else otherCookies[cookieName] = cookieValue ?? ''
    }
  }
  const caller = createCaller(async () => {
    lastHeaders = new CookieJarHeaders()
    return createContext({ db, env, request: requestWithSession(token, undefined, otherCookies), meta, responseHeaders: lastHeaders })
  })
  return {
    caller,
    /** The token the caller started with. */
    token: initialToken,
    currentToken: () => token,
    cookies: () => ({ ...otherCookies }),
    lastResponseHeaders: () => lastHeaders,
  }
}

/** A tRPC caller with no session. */
export function anonymousCaller(db: Database, meta = testMeta()) {
  return browserCaller(db, undefined, meta)
}

/** A tRPC caller signed in as `userId`, acting in `orgId`. */
export async function callerAs(db: Database, userId: string, orgId: string | null, env: Env = testEnv) {
  const { token } = await createSession(db.prisma, { userId, activeOrgId: orgId, meta: testMeta() })
  return { ...browserCaller(db, token, testMeta(), env), token }
}

/**
 * Turns on TOTP for a user through the real service and returns the key
 * (to make codes with `totp(key, time)`) and the recovery codes. The
 * confirming code is the previous step's, so a code for the current step
 * is still unused afterwards.
 */
export async function enrolTwoFactor(db: Database, user: { id: string; email: string }) {
  const box = getSecretBox(testEnv)
  const { otpauthUri } = await beginEnrolment(db, box, user)
  const key = base32Decode(new URL(otpauthUri).searchParams.get('secret')!)
  const previousStep = new Date(Date.now() - 30_000)
  const { recoveryCodes } = await confirmEnrolment(db, box, user.id, totp(key, previousStep), previousStep)
  return { key, recoveryCodes, code: (at = new Date()) => totp(key, at) }
}

/**
 * Runs queued background jobs to the end, the way the server's worker does,
 * and returns their outcomes. Jobs scheduled for later (a retry's backoff)
 * are not waited for.
 */
export async function runQueuedJobs(db: Database, env = testEnv, limit = 20) {
  const { runNextJob } = await import('../../server/jobs/worker')
  const { createJobHandlers } = await import('../../server/jobs/handlers')
  const { getBlobStore } = await import('../../server/storage')
  const { createLogger } = await import('../../server/logger')
  const handlers = createJobHandlers({ env, blobs: getBlobStore(env) })
  const outcomes: { kind: string; outcome: string }[] = []
  for (let i = 0; i < limit; i++) {
    const ran = await runNextJob({ db, handlers, logger: createLogger('silent'), workerId: 'test' })
    if (!ran) break
    outcomes.push({ kind: ran.job.kind, outcome: ran.outcome })
  }
  return outcomes
}
