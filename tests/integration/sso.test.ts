import { afterAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { browserCaller, callerAs, createMember, createOrgWithOwner, enrolTwoFactor, roleOf, testEnv } from '../factories'
import { expectTRPCError } from './expect-error'
import { createTestIdp } from '../support/saml-idp'
import { parseAuthnRequest } from '../support/saml-idp-server'
import { startDnsServer } from '../support/dns-server'
import { serviceProviderFor } from '../../server/services/sso/sso-connections'
import { dnsTxtResolver, verifyDomain } from '../../server/services/sso/domains'
import { consumeSamlResponse } from '../../server/services/sso/sso-login'
import { resolveAccess } from '../../server/authz/access'
import { systemAuditContext } from '../../server/audit/append'

/**
 * SAML sign-in end to end through the procedures, with responses signed by
 * an independent IdP (Debian xmlsec1) and domains verified against a local
 * DNS server: setup, test, SP- and IdP-initiated sign-in, just-in-time
 * provisioning, and each refusal recorded for the admins with its reason.
 */
const db = await useTestDatabase()
const idp = createTestIdp({ entityId: 'https://idp.example.test/metadata' })
idp.ssoUrl = 'https://idp.example.test/sso'
const dns = await startDnsServer({})
afterAll(() => dns.close())

async function enterpriseOrgWithSso(options: { domain?: string; jit?: boolean; idpInitiated?: boolean } = {}) {
  const { org, owner } = await createOrgWithOwner(db)
  await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE' } })
  const admin = (await callerAs(db, owner.id, org.id)).caller
  const viewer = await roleOf(db, org.id, 'interviewer')
  await admin.sso.save({
    preset: 'custom',
    metadataXml: idp.metadataXml(),
    defaultRoleId: viewer.id,
    jitProvisioning: options.jit ?? true,
    allowIdpInitiated: options.idpInitiated ?? false,
  })
  const domain = options.domain ?? `${org.id.toLowerCase()}.example.test`
  const { id: domainId, recordName, recordValue } = await admin.domain.add({ domain })
  dns.set(recordName, [[recordValue]])
  const ownerAccess = resolveAccess({ orgId: org.id, userId: owner.id, role: await roleOf(db, org.id, 'owner'), overrides: [] })
  await verifyDomain(db, ownerAccess, systemAuditContext(), { domainId }, dnsTxtResolver([dns.address]))
  const sp = serviceProviderFor(testEnv.appUrl, org.id)
  return { org, owner, admin, sp, domain, viewer }
}

/** Starts a sign-in the way the browser does and returns the AuthnRequest's ID. */
async function startLogin(email: string) {
  const browser = browserCaller(db)
  const { url } = await browser.caller.sso.start({ email })
  const request = parseAuthnRequest(new URL(url).searchParams.get('SAMLRequest')!)
  return { browser, requestId: request.id, acsUrl: request.acsUrl, url }
}

async function enableAfterTest(admin: Awaited<ReturnType<typeof enterpriseOrgWithSso>>['admin'], sp: { acsUrl: string; entityId: string }, orgId: string) {
  const { url } = await admin.sso.startTest()
  const test = parseAuthnRequest(new URL(url).searchParams.get('SAMLRequest')!)
  const response = idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, inResponseTo: test.id, nameId: 'tester@anything.example' })
  const outcome = await browserCaller(db).caller.sso.consume({ orgId, samlResponse: response.base64 })
  expect(outcome).toMatchObject({ kind: 'tested', nameId: 'tester@anything.example' })
  await admin.sso.setEnabled({ enabled: true })
}

describe('setting up a SAML connection', () => {
  it('from metadata XML; enabling needs a successful test, which opens no session', async () => {
    const { org, admin, sp } = await enterpriseOrgWithSso()
    const view = await admin.sso.get()
    expect(view.connection).toMatchObject({ idpEntityId: idp.entityId, idpSsoUrl: idp.ssoUrl, enabled: false, lastTestedAt: null })
    expect(view.serviceProvider).toEqual({ ...sp, metadataUrl: sp.entityId })
    expect(view.connection?.certificates[0]?.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(view.domains[0]?.verifiedAt).not.toBeNull()
    expect((await expectTRPCError(admin.sso.setEnabled({ enabled: true }), 'UNPROCESSABLE_CONTENT')).message).toMatch(/Test the connection/)

    await enableAfterTest(admin, sp, org.id)
    expect(await db.prisma.session.count({ where: { authMethod: 'saml' } })).toBe(0)
    const actions = (await db.prisma.auditEvent.findMany({ where: { orgId: org.id, action: { startsWith: 'sso.' } }, orderBy: { seq: 'asc' } })).map((e) => e.action)
    expect(actions).toEqual(['sso.connection_saved', 'sso.test_started', 'sso.connection_tested', 'sso.connection_saved'])
  })

  it('changing the identity provider disables the connection and lifts enforcement until tested again', async () => {
    const { org, owner, admin, sp, viewer } = await enterpriseOrgWithSso()
    await enableAfterTest(admin, sp, org.id)
    await enrolTwoFactor(db, owner) // the break-glass path under enforcement needs a second factor
    await admin.org.setEnforceSso({ enforced: true })
    await admin.sso.save({
      preset: 'entra',
      idpEntityId: 'https://sts.windows.net/tenant/',
      idpSsoUrl: 'https://login.microsoftonline.com/tenant/saml2',
      certificate: idp.certificatePem,
      defaultRoleId: viewer.id,
      jitProvisioning: true,
    })
    const after = await db.prisma.organization.findUniqueOrThrow({ where: { id: org.id }, include: { ssoConnection: true } })
    expect(after).toMatchObject({ enforceSso: false, ssoConnection: { enabled: false, lastTestedAt: null, preset: 'entra' } })
    expect((after.ssoConnection!.attributeMapping as { email: string }).email).toMatch(/claims\/emailaddress$/)
  })

  it('refuses bad setup input with a message and saves nothing', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const role = await roleOf(db, org.id, 'viewer')
    expect((await expectTRPCError(admin.sso.save({ preset: 'custom', metadataXml: idp.metadataXml(), defaultRoleId: role.id }), 'FORBIDDEN')).message).toMatch(
      /Enterprise plan/,
    )
    await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE' } })
    await expectTRPCError(admin.sso.save({ preset: 'custom', metadataXml: '<not-metadata/>', defaultRoleId: role.id }), 'UNPROCESSABLE_CONTENT')
    await expectTRPCError(
      admin.sso.save({ preset: 'custom', idpEntityId: 'x', idpSsoUrl: 'http://evil.example/sso', certificate: idp.certificatePem, defaultRoleId: role.id }),
      'UNPROCESSABLE_CONTENT',
    )
    await expectTRPCError(
      admin.sso.save({ preset: 'custom', idpEntityId: 'x', idpSsoUrl: 'https://idp.example/sso', certificate: 'not a certificate', defaultRoleId: role.id }),
      'UNPROCESSABLE_CONTENT',
    )
    await expectTRPCError(admin.sso.save({ preset: 'custom', idpEntityId: 'x', defaultRoleId: role.id }), 'BAD_REQUEST')
    const owner_ = await roleOf(db, org.id, 'owner')
    await expectTRPCError(admin.sso.save({ preset: 'custom', metadataXml: idp.metadataXml(), defaultRoleId: owner_.id }), 'UNPROCESSABLE_CONTENT')
    expect(await db.prisma.ssoConnection.count({ where: { orgId: org.id } })).toBe(0)
  })

  it('a recruiter without sso.manage can neither read nor change it', async () => {
    const { org, admin } = await enterpriseOrgWithSso()
    const recruiter = await createMember(db, org.id, 'recruiter')
    const caller = (await callerAs(db, recruiter.id, org.id)).caller
    await expectTRPCError(caller.sso.get(), 'FORBIDDEN')
    await expectTRPCError(caller.sso.delete(), 'FORBIDDEN')
    expect((await admin.sso.get()).connection).not.toBeNull()
  })
})

describe('domains', () => {
  it('verify only with the exact TXT record; a domain verified elsewhere cannot be claimed; public mail domains are refused', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE' } })
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const access = resolveAccess({ orgId: org.id, userId: owner.id, role: await roleOf(db, org.id, 'owner'), overrides: [] })
    const resolver = dnsTxtResolver([dns.address])
    const added = await admin.domain.add({ domain: ' Acme-Corp.Example.TEST ' })
    expect(added.domain).toBe('acme-corp.example.test')
    await expect(verifyDomain(db, access, systemAuditContext(), { domainId: added.id }, resolver)).rejects.toThrow(/No TXT record/)
    dns.set(added.recordName, [['hireproof-domain-verification=wrong']])
    await expect(verifyDomain(db, access, systemAuditContext(), { domainId: added.id }, resolver)).rejects.toThrow(/No TXT record/)
    dns.set(added.recordName, [['v=spf1 -all'], [added.recordValue]])
    await verifyDomain(db, access, systemAuditContext(), { domainId: added.id }, resolver)
    expect((await db.prisma.verifiedDomain.findUniqueOrThrow({ where: { id: added.id } })).verifiedAt).not.toBeNull()

    const rival = await createOrgWithOwner(db)
    await db.prisma.organization.update({ where: { id: rival.org.id }, data: { plan: 'ENTERPRISE' } })
    const rivalAdmin = (await callerAs(db, rival.owner.id, rival.org.id)).caller
    const claim = await rivalAdmin.domain.add({ domain: 'acme-corp.example.test' })
    dns.set(claim.recordName, [[claim.recordValue]])
    const rivalAccess = resolveAccess({ orgId: rival.org.id, userId: rival.owner.id, role: await roleOf(db, rival.org.id, 'owner'), overrides: [] })
    await expect(verifyDomain(db, rivalAccess, systemAuditContext(), { domainId: claim.id }, resolver)).rejects.toThrow(/another organization/)

    await expectTRPCError(admin.domain.add({ domain: 'gmail.com' }), 'UNPROCESSABLE_CONTENT')
    await expectTRPCError(admin.domain.add({ domain: 'not a domain' }), 'BAD_REQUEST')
    await expectTRPCError(admin.domain.add({ domain: 'acme-corp.example.test' }), 'CONFLICT')
    await admin.domain.remove({ domainId: added.id })
    expect(await db.prisma.verifiedDomain.count({ where: { orgId: org.id } })).toBe(0)
  })
})

describe('signing in with SAML', () => {
  it('SP-initiated: provisions a new member just in time with the default role and opens a SAML session', async () => {
    const { org, admin, sp, domain, viewer } = await enterpriseOrgWithSso()
    await enableAfterTest(admin, sp, org.id)
    const email = `new.hire@${domain}`
    const { browser, requestId, acsUrl } = await startLogin(email)
    expect(acsUrl).toBe(sp.acsUrl)
    const response = idp.response({
      acsUrl: sp.acsUrl,
      audience: sp.entityId,
      inResponseTo: requestId,
      nameId: email,
      attributes: { email, firstName: 'New', lastName: 'Hire' },
    })
    const outcome = await browser.caller.sso.consume({ orgId: org.id, samlResponse: response.base64 })
    expect(outcome).toMatchObject({ kind: 'signed_in', provisioned: true, redirectTo: '/app' })
    const me = await browser.caller.me.get()
    expect(me).toMatchObject({ user: { email, name: 'New Hire' }, activeOrg: { id: org.id }, role: { id: viewer.id } })
    expect((await db.prisma.session.findFirstOrThrow({ where: { user: { email } } })).authMethod).toBe('saml')
    const actions = (await db.prisma.auditEvent.findMany({ where: { orgId: org.id, actorEmail: email } })).map((e) => e.action)
    expect(actions.sort()).toEqual(['sso.member_provisioned', 'user.signed_in'])
  })

  it('IdP-initiated sign-in is refused unless the connection allows it', async () => {
    const { org, admin, sp, domain } = await enterpriseOrgWithSso()
    await enableAfterTest(admin, sp, org.id)
    const response = idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, nameId: `someone@${domain}` })
    const error = await expectTRPCError(browserCaller(db).caller.sso.consume({ orgId: org.id, samlResponse: response.base64 }), 'UNAUTHORIZED')
    expect(error.message).toMatch(/only sign-ins started from Hireproof/)
    expect(await db.prisma.ssoFailure.findFirst({ where: { orgId: org.id } })).toMatchObject({ reason: 'idp_initiated' })
  })

  it('a SAML sign-in meets the SSO and two-factor rules of its own organization only', async () => {
    const { org, admin, sp, domain } = await enterpriseOrgWithSso()
    await enableAfterTest(admin, sp, org.id)
    const email = `both@${domain}`
    const { browser, requestId } = await startLogin(email)
    await browser.caller.sso.consume({ orgId: org.id, samlResponse: idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, inResponseTo: requestId, nameId: email }).base64 })
    const partner = await createOrgWithOwner(db)
    await db.prisma.organization.update({ where: { id: partner.org.id }, data: { requireTwoFactor: true } })
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email } })
    await db.prisma.membership.create({ data: { orgId: partner.org.id, userId: user.id, roleId: (await roleOf(db, partner.org.id, 'viewer')).id } })
    await db.prisma.organization.update({ where: { id: org.id }, data: { requireTwoFactor: true } })
    expect((await browser.caller.me.get()).signInRequirement).toBeNull()
    await browser.caller.org.switch({ orgId: partner.org.id })
    expect((await browser.caller.me.get()).signInRequirement).toBe('two_factor_enrolment')
    await expectTRPCError(browser.caller.job.list(), 'FORBIDDEN')
  })

  it('IdP-initiated sign-in works for an existing member when allowed; a replayed response is refused and recorded', async () => {
    const { org, admin, sp, domain } = await enterpriseOrgWithSso({ idpInitiated: true })
    await enableAfterTest(admin, sp, org.id)
    const email = `member@${domain}`
    const user = await db.prisma.user.create({ data: { email, name: 'Existing Member' } })
    await db.prisma.membership.create({ data: { orgId: org.id, userId: user.id, roleId: (await roleOf(db, org.id, 'recruiter')).id } })
    const response = idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, nameId: email })
    const first = browserCaller(db)
    expect(await first.caller.sso.consume({ orgId: org.id, samlResponse: response.base64 })).toMatchObject({ kind: 'signed_in', provisioned: false })
    const replay = browserCaller(db)
    const error = await expectTRPCError(replay.caller.sso.consume({ orgId: org.id, samlResponse: response.base64 }), 'UNAUTHORIZED')
    expect(error.message).toMatch(/already used/)
    expect(replay.currentToken()).toBeUndefined()
    expect(await db.prisma.ssoFailure.findFirst({ where: { orgId: org.id } })).toMatchObject({ reason: 'replay', email })
  })

  it('refuses, records and explains: unknown or reused request, other org’s audience, unverified domain, suspended member, JIT off, disabled connection', async () => {
    const { org, admin, sp, domain } = await enterpriseOrgWithSso({ jit: false, idpInitiated: true })
    const other = await enterpriseOrgWithSso()
    const consume = (base64: string, orgId = org.id) => expectTRPCError(browserCaller(db).caller.sso.consume({ orgId, samlResponse: base64 }), 'UNAUTHORIZED')
    const signed = (extra: Partial<Parameters<typeof idp.response>[0]> = {}) =>
      idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, nameId: `person@${domain}`, ...extra }).base64

    expect((await consume(signed())).message).toMatch(/not enabled/)
    await enableAfterTest(admin, sp, org.id)
    expect((await consume(signed({ inResponseTo: '_never-issued' }))).message).toMatch(/does not answer a sign-in started here/)
    const { requestId } = await startLogin(`x@${domain}`)
    await expect(consume(signed({ inResponseTo: requestId, nameId: `person@${domain}` }))).resolves.toBeDefined() // not provisioned (JIT off)
    expect((await consume(signed({ inResponseTo: requestId }))).message).toMatch(/does not answer a sign-in started here/)
    const otherSp = serviceProviderFor(testEnv.appUrl, other.org.id)
    expect((await consume(idp.response({ acsUrl: otherSp.acsUrl, audience: otherSp.entityId, nameId: `a@${domain}` }).base64)).message).toMatch(/[Rr]ecipient|[Aa]udience|[Dd]estination/)
    expect((await consume(signed({ nameId: 'ceo@victim.example' }))).message).toMatch(/not a verified domain/)
    expect((await consume(signed({ signingKey: 'attacker' }))).message).toMatch(/signature/i)

    const suspended = await db.prisma.user.create({ data: { email: `gone@${domain}`, name: 'Gone' } })
    await db.prisma.membership.create({ data: { orgId: org.id, userId: suspended.id, roleId: (await roleOf(db, org.id, 'viewer')).id, status: 'SUSPENDED' } })
    expect((await consume(signed({ nameId: suspended.email }))).message).toMatch(/suspended/)

    const reasons = (await db.prisma.ssoFailure.findMany({ where: { orgId: org.id }, orderBy: { createdAt: 'asc' } })).map((f) => f.reason)
    expect(reasons).toEqual(['disabled', 'in_response_to', 'not_provisioned', 'in_response_to', expect.stringMatching(/recipient|audience|destination/), 'domain', 'signature', 'suspended'])
    expect((await admin.sso.get()).failures).toHaveLength(8)
    expect(await db.prisma.session.count({ where: { authMethod: 'saml' } })).toBeGreaterThanOrEqual(0)
    expect(await db.prisma.user.count({ where: { email: `person@${domain}` } })).toBe(0)
  })

  it('over HTTPS, a response to our request is accepted only in the browser that started it (no planted sign-ins)', async () => {
    const { org, admin, sp, domain } = await enterpriseOrgWithSso()
    await enableAfterTest(admin, sp, org.id)
    const attackerEmail = `attacker@${domain}`
    const { requestId } = await startLogin(attackerEmail)
    const planted = idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, inResponseTo: requestId, nameId: attackerEmail }).base64
    const meta = { ip: '198.51.100.7', userAgent: 'victim', requestId: 'req-victim-1234' }
    await expect(
      consumeSamlResponse(db, testEnv.appUrl, { orgId: org.id, samlResponse: planted, browserRequestId: undefined, requireSameBrowser: true }, meta),
    ).rejects.toThrow(/started in another browser/)
    const own = await startLogin(attackerEmail)
    const response = idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, inResponseTo: own.requestId, nameId: attackerEmail }).base64
    const outcome = await consumeSamlResponse(
      db,
      testEnv.appUrl,
      { orgId: org.id, samlResponse: response, browserRequestId: own.requestId, requireSameBrowser: true },
      meta,
    )
    expect(outcome.kind).toBe('signed_in')
    expect(own.browser.lastResponseHeaders()).toBeDefined()
  })

  it('“Sign in with SSO” finds the organization by verified domain only', async () => {
    const { org, admin, sp, domain } = await enterpriseOrgWithSso()
    const browser = browserCaller(db)
    await expectTRPCError(browser.caller.sso.start({ email: `a@${domain}` }), 'NOT_FOUND') // not enabled yet
    await enableAfterTest(admin, sp, org.id)
    const { url } = await browser.caller.sso.start({ email: `a@${domain.toUpperCase()}` })
    expect(url.startsWith(`${idp.ssoUrl}?SAMLRequest=`)).toBe(true)
    await expectTRPCError(browser.caller.sso.start({ email: 'a@unverified.example' }), 'NOT_FOUND')
    await expectTRPCError(browser.caller.sso.start({ email: 'not an email' }), 'BAD_REQUEST')
  })
})
