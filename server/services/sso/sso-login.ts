import crypto from 'node:crypto'
import type { Organization, SsoConnection } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { createSession, type RequestMeta } from '../../auth/session'
import { isUniqueViolation } from '../../db/errors'
import { buildAuthnRequestUrl, isSamlError, validateSamlResponse, type ValidatedAssertion } from '../../auth/saml/saml-sp'
import { enforceRateLimits } from '../rate-limit/rate-limit'
import { accountBeingDeletedMessage, normalizeEmail } from '../accounts/accounts'
import { serviceProviderFor, type AttributeMapping } from './sso-connections'
import { safeRedirectPath } from '../../http/safe-redirect'

/**
 * Signing in through an organization's SAML connection.
 * - SP-initiated: `startSsoLogin` stores the AuthnRequest ID (10 minutes,
 *   single use) and returns the identity provider's URL. The response's
 *   InResponseTo must name such a request of the same organization.
 * - IdP-initiated: a response without InResponseTo is accepted only when
 *   the connection allows it (off by default: such a response can be posted
 *   into any browser, signing it in as someone else), never for a test.
 * - Over HTTPS a response to our request is accepted only in the browser
 *   that started it (a cookie holds the request ID), so nobody can plant
 *   their own sign-in in someone else's browser.
 * - Every accepted assertion ID is remembered until it expires: a replay is
 *   refused.
 * - The asserted email must be in one of the organization's verified
 *   domains. Accounts are global, so without this an organization's
 *   identity provider could sign in as anybody's account.
 * - An existing member signs in; a suspended one is refused; someone new is
 *   provisioned just in time with the connection's default role when the
 *   connection allows it.
 * - A test sign-in (from the admin's setup page) checks all of the above
 *   except the domain and membership, marks the connection as tested and
 *   opens no session.
 * Every refusal is recorded as an SsoFailure with its reason for the
 * organization's admins, and answered with a message that reveals nothing
 * more than the reason.
 */
const requestLifetimeMs = 10 * 60_000
const clockSkewMs = 60_000
const acsLimit = { limit: 60, windowSeconds: 5 * 60 }

export class SsoLoginError extends Error {
  constructor(
    public readonly reason: string,
    message: string,
  ) {
    super(message)
  }
}

type ConnectionWithOrg = SsoConnection & { org: Organization }

async function connectionOf(db: Database, orgId: string): Promise<ConnectionWithOrg | null> {
  return db.prisma.ssoConnection.findUnique({ where: { orgId }, include: { org: true } })
}

const idpOf = (c: SsoConnection) => ({ entityId: c.idpEntityId, ssoUrl: c.idpSsoUrl, certificates: c.idpCertificates })

/** The organization whose verified domain matches the email, with an enabled connection. */
export async function organizationForEmail(db: Database, email: string) {
  const domain = normalizeEmail(email).split('@')[1]
  if (!domain) return null
  const verified = await db.prisma.verifiedDomain.findFirst({
    where: { domain, verifiedAt: { not: null }, org: { ssoConnection: { enabled: true }, plan: 'ENTERPRISE' } },
    select: { orgId: true },
  })
  return verified?.orgId ?? null
}

export async function startSsoLogin(
  db: Database,
  appUrl: string,
  input: { orgId: string; purpose: 'login' | 'test'; redirectTo?: string },
  now = new Date(),
) {
  const connection = await connectionOf(db, input.orgId)
  if (!connection || connection.org.plan !== 'ENTERPRISE' || (input.purpose === 'login' && !connection.enabled)) {
    throw new AppError('NOT_FOUND', 'This organization does not offer single sign-on. Sign in with your email and password.')
  }
  const id = `_${crypto.randomBytes(20).toString('hex')}`
  await db.prisma.samlRequest.create({
    data: { id, orgId: input.orgId, purpose: input.purpose, redirectTo: safeRedirectPath(input.redirectTo), expiresAt: new Date(now.getTime() + requestLifetimeMs) },
  })
  const sp = serviceProviderFor(appUrl, input.orgId)
  return { requestId: id, url: buildAuthnRequestUrl({ sp, idp: idpOf(connection), requestId: id, relayState: input.purpose === 'test' ? 'test' : undefined, now }) }
}

type Outcome =
  | { kind: 'signed_in'; token: string; expiresAt: Date; redirectTo: string; provisioned: boolean }
  | { kind: 'tested'; email: string | null; nameId: string; attributes: string[] }

export async function consumeSamlResponse(
  db: Database,
  appUrl: string,
  input: { orgId: string; samlResponse: string; browserRequestId?: string; requireSameBrowser: boolean },
  meta: RequestMeta,
  now = new Date(),
): Promise<Outcome> {
  await enforceRateLimits(db, [[`sso-acs:${meta.ip}`, acsLimit]], (s) => `Too many sign-in attempts. Try again in ${Math.ceil(s / 60)} minutes.`)
  const connection = await connectionOf(db, input.orgId)
  if (!connection || connection.org.plan !== 'ENTERPRISE') throw new AppError('NOT_FOUND', 'This organization does not offer single sign-on.')
  let email: string | null = null
  try {
    const assertion = await validate(connection, appUrl, input.samlResponse, now)
    email = emailOf(assertion, connection.attributeMapping as AttributeMapping)
    const request = await claimRequest(db, connection, assertion, now)
    if (request && input.requireSameBrowser && request.id !== input.browserRequestId) {
      throw new SsoLoginError('browser', 'This sign-in was started in another browser. Start again here.')
    }
    if (!request && !connection.allowIdpInitiated) {
      throw new SsoLoginError('idp_initiated', `${connection.org.name} accepts only sign-ins started from Hireproof. Use “Sign in with SSO”.`)
    }
    await rememberAssertion(db, connection.orgId, assertion)
    if (request?.purpose === 'test') {
      await db.prisma.$transaction(async (tx) => {
        await tx.ssoConnection.update({ where: { id: connection.id }, data: { lastTestedAt: now } })
        await appendAuditEvent(tx, auditOf(meta, null, email), {
          orgId: connection.orgId,
          action: 'sso.connection_tested',
          targets: [{ type: 'sso_connection', id: connection.id, label: connection.idpEntityId }],
          metadata: { nameId: assertion.nameId, email, attributes: Object.keys(assertion.attributes) },
        })
      })
      return { kind: 'tested', email, nameId: assertion.nameId, attributes: Object.keys(assertion.attributes) }
    }
    if (!connection.enabled) throw new SsoLoginError('disabled', 'Single sign-on is not enabled for this organization yet.')
    if (!email) throw new SsoLoginError('no_email', 'The identity provider sent no email address. Ask your admin to check the attribute mapping.')
    const domain = email.split('@')[1]!
    const verified = await db.prisma.verifiedDomain.findFirst({ where: { orgId: connection.orgId, domain, verifiedAt: { not: null } } })
    if (!verified) throw new SsoLoginError('domain', `${domain} is not a verified domain of ${connection.org.name}.`)
    return await signInMember(db, connection, assertion, email, meta, request?.redirectTo ?? '/app', now)
  } catch (error) {
    const failure = asLoginError(error)
    if (!failure) throw error
    await db.prisma.ssoFailure.create({
      data: { orgId: connection.orgId, reason: failure.reason, detail: failure.message.slice(0, 500), email, ip: meta.ip },
    })
    throw new AppError('UNAUTHORIZED', `Single sign-on failed: ${failure.message}`)
  }
}

function asLoginError(error: unknown): SsoLoginError | null {
  if (error instanceof SsoLoginError) return error
  if (isSamlError(error)) return new SsoLoginError(error.reason, error.message)
  return null
}

async function validate(connection: SsoConnection, appUrl: string, samlResponse: string, now: Date) {
  if (connection.idpCertificates.length === 0) throw new SsoLoginError('certificate', 'The connection has no identity provider certificate.')
  return validateSamlResponse({ samlResponse, sp: serviceProviderFor(appUrl, connection.orgId), idp: idpOf(connection), now, clockSkewMs })
}

/** The email from the mapped attribute, else a NameID that is an email. */
function emailOf(assertion: ValidatedAssertion, mapping: AttributeMapping): string | null {
  const fromAttribute = assertion.attributes[mapping.email]?.[0]
  const candidate = fromAttribute ?? assertion.nameId
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(candidate.trim()) ? normalizeEmail(candidate) : null
}

/** Marks the AuthnRequest this response answers as used; IdP-initiated responses have none. */
async function claimRequest(db: Database, connection: SsoConnection, assertion: ValidatedAssertion, now: Date) {
  if (!assertion.inResponseTo) return null
  const claimed = await db.prisma.samlRequest.updateMany({
    where: { id: assertion.inResponseTo, orgId: connection.orgId, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  })
  if (claimed.count !== 1) {
    throw new SsoLoginError('in_response_to', 'This response does not answer a sign-in started here, or that sign-in was already used or expired. Start again.')
  }
  return db.prisma.samlRequest.findUniqueOrThrow({ where: { id: assertion.inResponseTo } })
}

async function rememberAssertion(db: Database, orgId: string, assertion: ValidatedAssertion) {
  try {
    // Kept past the assertion's end by the clock skew the validation allows, so no cleanup opens a replay window.
    const expiresAt = new Date(assertion.notOnOrAfter.getTime() + clockSkewMs)
    await db.prisma.samlAssertionSeen.create({ data: { orgId, assertionId: assertion.assertionId, expiresAt } })
  } catch (error) {
    if (isUniqueViolation(error)) throw new SsoLoginError('replay', 'This sign-in response was already used. Start again.')
    throw error
  }
}

const auditOf = (meta: RequestMeta, userId: string | null, email: string | null): AuditContext => ({
  actor: { type: 'USER', id: userId, email },
  ip: meta.ip,
  userAgent: meta.userAgent,
  requestId: meta.requestId,
})

async function signInMember(
  db: Database,
  connection: ConnectionWithOrg,
  assertion: ValidatedAssertion,
  email: string,
  meta: RequestMeta,
  redirectTo: string,
  now: Date,
): Promise<Outcome> {
  const mapping = connection.attributeMapping as AttributeMapping
  const first = (name: string) => assertion.attributes[name]?.[0]?.trim()
  const displayName = first(mapping.displayName) || [first(mapping.firstName), first(mapping.lastName)].filter(Boolean).join(' ') || email.split('@')[0]!
  return db.prisma.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email } })
    if (user && (user.isStaff || user.isPlatformAdmin)) throw new SsoLoginError('operator_account', 'This address belongs to a Hireproof operator account.')
    // Not even just-in-time provisioning revives it: a fresh account is made only once the old row is gone.
    if (user?.deletionRequestedAt) throw new SsoLoginError('account_deleted', accountBeingDeletedMessage)
    let membership = user ? await tx.membership.findUnique({ where: { orgId_userId: { orgId: connection.orgId, userId: user.id } } }) : null
    let provisioned = false
    if (membership?.status === 'SUSPENDED') throw new SsoLoginError('suspended', `Your membership of ${connection.org.name} is suspended.`)
    if (!membership) {
      if (!connection.jitProvisioning) {
        throw new SsoLoginError('not_provisioned', `You are not a member of ${connection.org.name}. Ask an admin to add you.`)
      }
      user ??= await tx.user.create({ data: { email, name: displayName.slice(0, 200) } })
      membership = await tx.membership.create({
        data: { orgId: connection.orgId, userId: user.id, roleId: connection.defaultRoleId, provisionedBy: 'sso' },
      })
      provisioned = true
      await appendAuditEvent(tx, auditOf(meta, user.id, user.email), {
        orgId: connection.orgId,
        action: 'sso.member_provisioned',
        targets: [{ type: 'user', id: membership.id, label: email }],
        metadata: { roleId: connection.defaultRoleId },
      })
    }
    const { session, token } = await createSession(tx, { userId: user!.id, activeOrgId: connection.orgId, meta, authMethod: 'saml', ssoOrgId: connection.orgId, now })
    await appendAuditEvent(tx, auditOf(meta, user!.id, user!.email), {
      orgId: connection.orgId,
      action: 'user.signed_in',
      targets: [{ type: 'session', id: session.id }],
      metadata: { method: 'saml', idp: connection.idpEntityId, sessionIndex: assertion.sessionIndex },
    })
    return { kind: 'signed_in' as const, token, expiresAt: session.expiresAt, redirectTo, provisioned }
  })
}
