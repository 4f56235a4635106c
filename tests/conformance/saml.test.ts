import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { SAML } from '@node-saml/node-saml'
import { DOMParser } from '@xmldom/xmldom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildAuthnRequestUrl,
  certificateFingerprint,
  normaliseCertificate,
  parseIdpMetadata,
  SamlError,
  serviceProviderMetadata,
  validateSamlResponse,
  type SamlErrorReason,
  type SamlIdentityProvider,
} from '../../server/auth/saml/saml-sp'
import {
  appendAssertionFrom,
  createTestIdp,
  encryptAssertionPlaceholder,
  injectCommentIntoNameId,
  keyPair,
  randomId,
  tamperSignedAssertion,
  toBase64,
  transplantSignature,
  wrapForgedAssertionFirst,
  wrapForgedAssertionWithSameId,
  wrapSignedAssertionInExtensions,
  type TestResponseOptions,
} from '../support/saml-idp'
import { parseAuthnRequest, startTestIdpServer } from '../support/saml-idp-server'

// Every response here is minted by tests/support/saml-idp.ts and signed by Debian's xmlsec1, so the
// verifier is never checked against its own signer.

const idp = createTestIdp()
const sp = { entityId: 'https://hireproof.test/saml/metadata', acsUrl: 'https://hireproof.test/auth/saml/acs' }
const trusted: SamlIdentityProvider = { entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: [idp.certificatePem] }
const requestId = randomId()
const minute = 60_000

function mint(options: Partial<TestResponseOptions> = {}) {
  return idp.response({
    acsUrl: sp.acsUrl,
    audience: sp.entityId,
    inResponseTo: requestId,
    nameId: 'jane.doe@acme.test',
    attributes: { email: 'jane.doe@acme.test', firstName: 'Jane', groups: ['recruiters', 'admins'] },
    ...options,
  })
}

function validate(samlResponse: string, extra: { now?: Date; clockSkewMs?: number; idp?: SamlIdentityProvider } = {}) {
  return validateSamlResponse({ samlResponse, sp, idp: trusted, ...extra })
}

/** The rejection, checked to be a SamlError with the given reason and a message fit for an admin. */
async function refusal(samlResponse: string, reason: SamlErrorReason, extra: Parameters<typeof validate>[1] = {}) {
  const error = await validate(samlResponse, extra).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, 'the response was accepted').toBeInstanceOf(SamlError)
  const samlError = error as SamlError
  expect({ reason: samlError.reason, message: samlError.message }).toMatchObject({ reason })
  expect(samlError.message).not.toMatch(/[<\n]/)
  return samlError
}

describe('validateSamlResponse: accepted responses', () => {
  it('reads a signed assertion (the common IdP default)', async () => {
    const before = Date.now()
    const result = await validate(mint().base64)
    expect(result).toMatchObject({
      issuer: idp.entityId,
      inResponseTo: requestId,
      nameId: 'jane.doe@acme.test',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      attributes: { email: ['jane.doe@acme.test'], firstName: ['Jane'], groups: ['recruiters', 'admins'] },
    })
    expect(result.assertionId).toMatch(/^_[0-9a-f]{32}$/)
    expect(result.sessionIndex).toMatch(/^_session/)
    expect(result.notOnOrAfter.getTime()).toBeGreaterThan(before + 4 * minute)
    expect(result.authnInstant).toBeInstanceOf(Date)
  })

  it('reads a signed response containing a signed assertion', async () => {
    const result = await validate(mint({ signResponse: true }).base64)
    expect(result).toMatchObject({ nameId: 'jane.doe@acme.test', inResponseTo: requestId })
  })

  it('accepts a signed response whose unsigned assertion its signature covers (Keycloak default)', async () => {
    const response = mint({ signResponse: true, signAssertion: false })
    expect(response.xml.match(/<ds:Signature\b/g)).toHaveLength(1)
    expect(await validate(response.base64)).toMatchObject({ nameId: 'jane.doe@acme.test', inResponseTo: requestId })
    // …and the response signature really covers the assertion: changing it breaks the signature.
    await refusal(toBase64(tamperSignedAssertion(response.xml, 'ceo@acme.test')), 'signature')
  })

  it('node-saml alone with wantAssertionsSigned: true refuses that case (why we configure it false)', async () => {
    const saml = new SAML({
      callbackUrl: sp.acsUrl,
      issuer: sp.entityId,
      audience: sp.entityId,
      idpCert: idp.certificatePem,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      acceptedClockSkewMs: minute,
    })
    const responseSignedOnly = mint({ signResponse: true, signAssertion: false }).base64
    await expect(saml.validatePostResponseAsync({ SAMLResponse: responseSignedOnly })).rejects.toThrow(/Invalid signature/)
  })

  it('accepts an IdP-initiated response (no InResponseTo anywhere) and reports inResponseTo null', async () => {
    expect(await validate(mint({ inResponseTo: null }).base64)).toMatchObject({ inResponseTo: null })
  })

  it('reports a signed Response InResponseTo when the SubjectConfirmationData has none', async () => {
    const response = mint({ signResponse: true, subjectInResponseTo: null })
    expect(await validate(response.base64)).toMatchObject({ inResponseTo: requestId })
  })

  it('accepts an unsigned response without Destination when the assertion is signed (Destination is optional then)', async () => {
    expect(await validate(mint({ destination: null }).base64)).toMatchObject({ nameId: 'jane.doe@acme.test' })
  })

  it('tries every configured certificate (rollover) and tolerates base64 line breaks', async () => {
    const rollover = { ...trusted, certificates: [idp.attackerCertificatePem, idp.certificatePem] }
    const wrapped = mint().base64.replace(/.{76}/g, '$&\r\n')
    expect(await validate(wrapped, { idp: rollover })).toMatchObject({ nameId: 'jane.doe@acme.test' })
  })

  it('drops an attribute named __proto__ and keeps other Object.prototype names as plain keys', async () => {
    const attributes = Object.fromEntries([['__proto__', ['x']], ['constructor', ['y']], ['email', 'a@acme.test']])
    const result = await validate(mint({ attributes }).base64)
    expect(Object.getPrototypeOf(result.attributes)).toBe(Object.prototype)
    expect(result.attributes).toEqual({ constructor: ['y'], email: ['a@acme.test'] })
  })

  it('xmlsec1 itself verifies what the test IdP signs (sanity of the fixture)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saml-verify-'))
    try {
      fs.writeFileSync(path.join(dir, 'r.xml'), mint({ signResponse: true, signAssertion: false }).xml)
      fs.writeFileSync(path.join(dir, 'c.pem'), idp.certificatePem)
      const args = ['--verify', '--pubkey-cert-pem', path.join(dir, 'c.pem')]
      args.push('--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:protocol:Response')
      expect(() => execFileSync('xmlsec1', [...args, path.join(dir, 'r.xml')], { stdio: 'pipe' })).not.toThrow()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('validateSamlResponse: signatures and XML signature wrapping', () => {
  const forgedName = 'ceo@acme.test'

  it('refuses an unsigned response', async () => {
    await refusal(mint({ signAssertion: false }).base64, 'signature')
  })

  it('refuses an assertion signed by an untrusted key, even with that key’s certificate in KeyInfo', async () => {
    const response = mint({ signingKey: 'attacker' })
    expect(response.xml).toContain(idp.attackerCertificatePem.split('\n')[1])
    await refusal(response.base64, 'signature')
  })

  it('refuses a response signed by an untrusted key', async () => {
    await refusal(mint({ signResponse: true, signAssertion: false, signingKey: 'attacker' }).base64, 'signature')
  })

  it('refuses any present signature that does not verify, even next to one that does', async () => {
    await refusal(mint({ signResponse: true, assertionSigningKey: 'attacker' }).base64, 'signature')
    await refusal(mint({ signResponse: true, responseSigningKey: 'attacker' }).base64, 'signature')
  })

  it('(d) refuses content altered after signing (digest mismatch)', async () => {
    await refusal(toBase64(tamperSignedAssertion(mint().xml, forgedName)), 'signature')
    await refusal(toBase64(tamperSignedAssertion(mint({ signResponse: true }).xml, forgedName)), 'signature')
    const attributes = mint().xml.replace('>recruiters<', '>owners<')
    await refusal(toBase64(attributes), 'signature')
  })

  // Wrapping keeps the genuine signed assertion in the document beside the forged one, so the
  // exactly-one-assertion rule refuses it before any signature is even looked at.
  it.each([
    ['(a) forged assertion before the signed one', wrapForgedAssertionFirst],
    ['(b) signed assertion moved into Extensions, forged one in its place', wrapSignedAssertionInExtensions],
    ['(c) forged assertion with the same ID as the signed one', wrapForgedAssertionWithSameId],
  ])('%s', async (_, wrap) => {
    for (const signed of [mint(), mint({ signResponse: true }), mint({ signResponse: true, signAssertion: false })]) {
      const error = await refusal(toBase64(wrap(signed.xml, forgedName)), 'multiple_assertions')
      expect(error.message).toMatch(/exactly one assertion/)
    }
  })

  it('refuses two assertions even when both are genuinely signed', async () => {
    const two = appendAssertionFrom(mint().xml, mint({ nameId: forgedName }).xml)
    await refusal(toBase64(two), 'multiple_assertions')
  })

  it('(e) refuses a signature copied onto a different, unsigned assertion', async () => {
    const signed = mint().xml
    const forged = mint({ signAssertion: false, nameId: forgedName }).xml
    await refusal(toBase64(transplantSignature(signed, forged)), 'signature')
    await refusal(toBase64(transplantSignature(signed, forged, { matchId: true })), 'signature')
  })

  it('(f) reads the whole NameID when a comment splits it (CVE-2017-11428), whichever part is signed', async () => {
    // The attacker owns admin@acme.test.evil.example at the IdP; a reader that stops at the comment sees admin@acme.test.
    const nameId = 'admin@acme.test.evil.example'
    for (const signed of [mint({ nameId }), mint({ nameId, signResponse: true })]) {
      const xml = injectCommentIntoNameId(signed.xml, '.evil.example')
      expect(xml).toContain('admin@acme.test<!---->.evil.example')
      expect(await validate(toBase64(xml))).toMatchObject({ nameId: 'admin@acme.test.evil.example' })
    }
  })

  it('refuses an encrypted assertion with a clear reason', async () => {
    const error = await refusal(toBase64(encryptAssertionPlaceholder(mint().xml)), 'encrypted')
    expect(error.message).toMatch(/encryption/)
  })
})

describe('validateSamlResponse: audience, recipient, destination, issuer, time, status', () => {
  it('refuses an assertion for another service provider', async () => {
    const error = await refusal(mint({ audience: 'https://other.example/sp' }).base64, 'audience')
    expect(error.message).toContain('https://other.example/sp')
    await refusal(mint({ audience: null }).base64, 'audience')
    await refusal(mint({ includeConditions: false }).base64, 'audience')
  })

  it('accepts an AudienceRestriction listing us among others', async () => {
    expect(await validate(mint({ audience: ['https://other.example/sp', sp.entityId] }).base64)).toBeTruthy()
  })

  it('refuses a wrong or missing SubjectConfirmationData Recipient', async () => {
    await refusal(mint({ recipient: 'https://evil.example/acs' }).base64, 'recipient')
    await refusal(mint({ recipient: null }).base64, 'recipient')
  })

  it('refuses a wrong Destination, and a signed response without one', async () => {
    await refusal(mint({ destination: 'https://evil.example/acs' }).base64, 'destination')
    await refusal(mint({ destination: 'https://evil.example/acs', signResponse: true }).base64, 'destination')
    await refusal(mint({ destination: null, signResponse: true }).base64, 'destination')
  })

  it('refuses an Issuer other than the configured IdP', async () => {
    await refusal(mint({ issuer: 'https://evil.example/idp' }).base64, 'issuer')
    await refusal(mint({ assertionIssuer: 'https://evil.example/idp' }).base64, 'issuer')
    await refusal(mint({ responseIssuer: 'https://evil.example/idp' }).base64, 'issuer')
    await refusal(mint({ assertionIssuer: null }).base64, 'issuer')
  })

  it('refuses an expired assertion (NotOnOrAfter in the past beyond the skew)', async () => {
    const now = new Date()
    await refusal(mint({ now: new Date(now.getTime() - 10 * minute) }).base64, 'expired')
    await refusal(mint({ subjectNotOnOrAfter: new Date(now.getTime() - 2 * minute) }).base64, 'expired')
    await refusal(mint({ notOnOrAfter: new Date(now.getTime() - 2 * minute) }).base64, 'expired')
  })

  it('refuses an assertion that is not valid yet', async () => {
    const now = new Date()
    await refusal(mint({ now: new Date(now.getTime() + 10 * minute) }).base64, 'not_yet_valid')
    await refusal(mint({ notBefore: new Date(now.getTime() + 2 * minute) }).base64, 'not_yet_valid')
  })

  it('accepts times within the clock skew and refuses them just outside it', async () => {
    const minted = new Date()
    const response = mint({ now: minted }).base64 // NotOnOrAfter = minted + 5 min
    const at = (ms: number) => new Date(minted.getTime() + ms)
    expect(await validate(response, { now: at(5 * minute + 59_000) })).toBeTruthy()
    await refusal(response, 'expired', { now: at(6 * minute) })
    await refusal(response, 'expired', { now: at(5 * minute + 1_000), clockSkewMs: 0 })
    const early = mint({ now: at(90_000) }).base64 // IssueInstant = minted + 90 s, NotBefore = minted + 30 s
    expect(await validate(early, { now: at(31_000) })).toBeTruthy()
    await refusal(early, 'not_yet_valid', { now: at(29_000) })
  })

  it('refuses a non-Success status with the IdP’s code and message', async () => {
    const response = mint({
      includeAssertion: false,
      status: {
        code: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
        subCode: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
        message: 'User is not assigned to this application',
      },
    })
    const error = await refusal(response.base64, 'status')
    expect(error.message).toBe(
      'The identity provider did not sign the user in (Responder / AuthnFailed): "User is not assigned to this application".',
    )
  })

  it('refuses Response and SubjectConfirmationData InResponseTo that disagree', async () => {
    await refusal(mint({ responseInResponseTo: randomId() }).base64, 'in_response_to')
    await refusal(mint({ responseInResponseTo: randomId(), signResponse: true }).base64, 'in_response_to')
  })

  it('refuses an InResponseTo that only the unsigned Response carries', async () => {
    // Otherwise an IdP-initiated assertion could be passed off as the answer to a request.
    await refusal(mint({ subjectInResponseTo: null }).base64, 'in_response_to')
  })

  it('refuses a subject that cannot be confirmed or identified', async () => {
    await refusal(mint({ subjectConfirmationMethod: 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key' }).base64, 'subject')
    await refusal(mint({ nameId: null }).base64, 'subject')
    await refusal(mint({ subjectNotOnOrAfter: null }).base64, 'subject')
  })

  it('refuses a success response without an assertion or without an AuthnStatement', async () => {
    await refusal(mint({ includeAssertion: false }).base64, 'malformed')
    await refusal(mint({ includeAuthnStatement: false }).base64, 'malformed')
  })
})

describe('validateSamlResponse: hostile input', () => {
  it('refuses oversized input before decoding or parsing', async () => {
    await refusal('A'.repeat(400 * 1024), 'too_large')
    const padded = mint().xml.replace('</samlp:Response>', `<!--${'x'.repeat(300 * 1024)}--></samlp:Response>`)
    await refusal(toBase64(padded), 'too_large')
  })

  it('refuses garbage', async () => {
    await refusal('', 'malformed')
    await refusal('this is not base64!', 'malformed')
    await refusal(Buffer.from('hello world, not xml').toString('base64'), 'malformed')
    await refusal(Buffer.from([0xff, 0xfe, 0x3c, 0x00]).toString('base64'), 'malformed')
    const unclosed = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><unclosed></samlp:Response>'
    await refusal(toBase64(unclosed), 'malformed')
    await refusal(toBase64('<html><body>login</body></html>'), 'malformed')
  })

  it('refuses a DTD: billion laughs and external entities', async () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol3;</samlp:Response>',
    ].join('\n')
    await refusal(toBase64(laughs), 'malformed')
    const xxe = mint()
      .xml.replace('<samlp:Response', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:Response')
      .replace('jane.doe@acme.test<', '&x;<')
    const error = await refusal(toBase64(xxe), 'malformed')
    expect(error.message).toMatch(/DTD/)
  })

  it('refuses a document that is not a SAML Response', async () => {
    await refusal(toBase64(mint().xml.replace(/samlp:Response/g, 'samlp:LogoutResponse')), 'malformed')
  })

  it('refuses when no certificate is configured', async () => {
    await refusal(mint().base64, 'certificate', { idp: { ...trusted, certificates: [] } })
  })
})

// ---------------------------------------------------------------------------------------------------

const third = keyPair('Entra Next Certificate')
const bare = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '')
const tenant = '7c0f5a36-2f3c-4d6b-9a39-6a2f1e1b2c3d'

/** Shaped like Microsoft Entra ID federation metadata: default namespaces, a signed document, a WS-Fed role with its own keys. */
function entraMetadata(certificates: string[], roleCertificate: string): string {
  const dsig = 'http://www.w3.org/2000/09/xmldsig#'
  const keyInfo = (cert: string) => `<KeyInfo xmlns="${dsig}"><X509Data><X509Certificate>${cert}</X509Certificate></X509Data></KeyInfo>`
  // The second certificate is line-wrapped and indented, as some exports are.
  const wrap = (cert: string) => cert.replace(/.{64}/g, '$&\n        ')
  const keys = certificates.map((c, i) => `<KeyDescriptor use="signing">${keyInfo(i === 1 ? wrap(c) : c)}</KeyDescriptor>`)
  const login = `https://login.microsoftonline.com/${tenant}`
  const binding = (name: string) => `urn:oasis:names:tc:SAML:2.0:bindings:${name}`
  const id = '_6a1b2c3d-0000-4000-8000-000000000001'
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<EntityDescriptor ID="${id}" entityID="https://sts.windows.net/${tenant}/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">`,
    `  <Signature xmlns="${dsig}"><SignedInfo>`,
    '    <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
    '    <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>',
    `    <Reference URI="#${id}"><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>AAAA</DigestValue></Reference>`,
    `  </SignedInfo><SignatureValue>AAAA</SignatureValue>${keyInfo(roleCertificate).replace(` xmlns="${dsig}"`, '')}</Signature>`,
    '  <RoleDescriptor xsi:type="fed:SecurityTokenServiceType"',
    '      protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706"',
    '      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706">',
    `    <KeyDescriptor use="signing">${keyInfo(roleCertificate)}</KeyDescriptor>`,
    '    <fed:PassiveRequestorEndpoint><EndpointReference xmlns="http://www.w3.org/2005/08/addressing">',
    `      <Address>${login}/wsfed</Address>`,
    '    </EndpointReference></fed:PassiveRequestorEndpoint>',
    '  </RoleDescriptor>',
    '  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    ...keys.map((k) => `    ${k}`),
    `    <KeyDescriptor use="encryption">${keyInfo(roleCertificate)}</KeyDescriptor>`,
    `    <SingleLogoutService Binding="${binding('HTTP-Redirect')}" Location="${login}/saml2"/>`,
    `    <SingleSignOnService Binding="${binding('HTTP-POST')}" Location="${login}/saml2/post"/>`,
    `    <SingleSignOnService Binding="${binding('HTTP-Redirect')}" Location="${login}/saml2"/>`,
    '  </IDPSSODescriptor>',
    '</EntityDescriptor>',
  ].join('\n')
}

async function configRefusal(run: () => unknown, reason: SamlErrorReason): Promise<SamlError> {
  let error: unknown
  try {
    await run()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(SamlError)
  expect((error as SamlError).reason).toBe(reason)
  return error as SamlError
}

describe('parseIdpMetadata', () => {
  it('reads the test IdP metadata, which then validates its responses', async () => {
    const parsed = parseIdpMetadata(idp.metadataXml())
    expect(parsed).toEqual({ entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: [normaliseCertificate(idp.certificatePem)] })
    expect(await validate(mint().base64, { idp: parsed })).toMatchObject({ nameId: 'jane.doe@acme.test' })
  })

  it('reads Entra ID style metadata: every IdP signing certificate, the Redirect endpoint, nothing from other roles', () => {
    const metadata = entraMetadata([bare(idp.certificatePem), bare(third.certificatePem)], bare(idp.attackerCertificatePem))
    const parsed = parseIdpMetadata(metadata)
    expect(parsed.entityId).toBe(`https://sts.windows.net/${tenant}/`)
    expect(parsed.ssoUrl).toBe(`https://login.microsoftonline.com/${tenant}/saml2`)
    expect(parsed.certificates).toEqual([normaliseCertificate(idp.certificatePem), normaliseCertificate(third.certificatePem)])
  })

  it('falls back to the HTTP-POST endpoint and accepts an EntitiesDescriptor holding one IdP', () => {
    const postOnly = idp.metadataXml().replace(/<md:SingleSignOnService Binding="[^"]*HTTP-Redirect"[^>]*\/>/, '')
    expect(parseIdpMetadata(postOnly).ssoUrl).toBe(idp.ssoUrl)
    const entity = idp.metadataXml().replace(/^<\?xml[^>]*>/, '')
    const wrapped = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${entity}</md:EntitiesDescriptor>`
    expect(parseIdpMetadata(wrapped).entityId).toBe(idp.entityId)
  })

  it('allows plain http only for localhost', async () => {
    const at = (url: string) => idp.metadataXml().replaceAll(idp.ssoUrl, url)
    expect(parseIdpMetadata(at('http://localhost:8080/sso')).ssoUrl).toBe('http://localhost:8080/sso')
    expect(parseIdpMetadata(at('http://127.0.0.1:8080/sso')).ssoUrl).toBe('http://127.0.0.1:8080/sso')
    await configRefusal(() => parseIdpMetadata(at('http://idp.example.com/sso')), 'insecure_url')
    await configRefusal(() => parseIdpMetadata(at('ftp://idp.example.com/sso')), 'insecure_url')
  })

  it('refuses garbage, DTDs, oversized input and metadata missing its parts', async () => {
    const metadata = idp.metadataXml()
    const without = (pattern: RegExp) => metadata.replace(pattern, '')
    await configRefusal(() => parseIdpMetadata(''), 'metadata')
    await configRefusal(() => parseIdpMetadata('{"not": "xml"}'), 'malformed')
    await configRefusal(() => parseIdpMetadata('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">'), 'malformed')
    await configRefusal(() => parseIdpMetadata(`<!DOCTYPE x [<!ENTITY a "b">]>${without(/^<\?xml[^>]*>/)}`), 'malformed')
    await configRefusal(() => parseIdpMetadata(metadata + ' '.repeat(513 * 1024)), 'too_large')
    await configRefusal(() => parseIdpMetadata(serviceProviderMetadata(sp)), 'metadata')
    await configRefusal(() => parseIdpMetadata(without(/entityID="[^"]*"/)), 'metadata')
    await configRefusal(() => parseIdpMetadata(without(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/)), 'metadata')
    await configRefusal(() => parseIdpMetadata(without(/<md:SingleSignOnService[^>]*\/>/g)), 'metadata')
    const badCertificate = metadata.replace(/<ds:X509Certificate>[^<]*/, '<ds:X509Certificate>bm90IGEgY2VydA==')
    await configRefusal(() => parseIdpMetadata(badCertificate), 'certificate')
  })
})

describe('certificates', () => {
  it('normalises PEM and bare base64 to the same PEM', () => {
    const pem = normaliseCertificate(idp.certificatePem)
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/)
    expect(normaliseCertificate(bare(idp.certificatePem))).toBe(pem)
    expect(normaliseCertificate(`  ${idp.certificatePem.replace(/\n/g, '\r\n')}  `)).toBe(pem)
  })

  it('computes the SHA-256 fingerprint as openssl does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saml-fp-'))
    try {
      fs.writeFileSync(path.join(dir, 'c.pem'), idp.certificatePem)
      const args = ['x509', '-noout', '-fingerprint', '-sha256', '-in', path.join(dir, 'c.pem')]
      const out = execFileSync('openssl', args, { encoding: 'utf8' })
      expect(certificateFingerprint(idp.certificatePem)).toBe(out.trim().split('=')[1])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses what is not one X.509 certificate', async () => {
    await configRefusal(() => normaliseCertificate(''), 'certificate')
    await configRefusal(() => normaliseCertificate('hello'), 'certificate')
    await configRefusal(() => normaliseCertificate('bm90IGEgY2VydGlmaWNhdGU='), 'certificate')
    await configRefusal(() => normaliseCertificate(idp.certificatePem + idp.attackerCertificatePem), 'certificate')
    const error = await configRefusal(() => normaliseCertificate(fs.readFileSync(keyPair('idp').keyPath, 'utf8')), 'certificate')
    expect(error.message).toMatch(/private key/)
  })
})

describe('serviceProviderMetadata', () => {
  it('is well-formed XML naming our entity ID and ACS URL, with attribute values escaped', () => {
    const tricky = {
      entityId: 'https://hireproof.test/saml/metadata?org=a&x="y"',
      acsUrl: 'https://hireproof.test/auth/saml/acs?org=a&b=<c>',
    }
    const xml = serviceProviderMetadata(tricky)
    const problems: string[] = []
    const parser = new DOMParser({ errorHandler: (_level, message) => problems.push(String(message)) })
    const doc = parser.parseFromString(xml, 'text/xml')
    expect(problems).toEqual([])
    const md = 'urn:oasis:names:tc:SAML:2.0:metadata'
    expect(doc.documentElement!.getAttribute('entityID')).toBe(tricky.entityId)
    const descriptor = doc.getElementsByTagNameNS(md, 'SPSSODescriptor')[0]!
    expect(descriptor.getAttribute('AuthnRequestsSigned')).toBe('false')
    expect(descriptor.getAttribute('WantAssertionsSigned')).toBe('true')
    const acs = doc.getElementsByTagNameNS(md, 'AssertionConsumerService')[0]!
    expect(acs.getAttribute('Location')).toBe(tricky.acsUrl)
    expect(acs.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST')
    const format = doc.getElementsByTagNameNS(md, 'NameIDFormat')[0]!.textContent
    expect(format).toBe('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress')
  })
})

describe('buildAuthnRequestUrl', () => {
  it('round-trips through the HTTP-Redirect encoding', () => {
    const now = new Date('2025-03-04T05:06:07.890Z')
    const idpAt = { ...trusted, ssoUrl: 'https://idp.example.test/sso?tenant=acme' }
    const url = new URL(buildAuthnRequestUrl({ sp, idp: idpAt, requestId, relayState: 'rs_123', now }))
    expect(url.origin + url.pathname).toBe('https://idp.example.test/sso')
    expect(url.searchParams.get('tenant')).toBe('acme')
    expect(url.searchParams.get('RelayState')).toBe('rs_123')
    const xml = zlib.inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8')
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement!
    expect(root.localName).toBe('AuthnRequest')
    expect(root.namespaceURI).toBe('urn:oasis:names:tc:SAML:2.0:protocol')
    expect(root.getAttribute('ID')).toBe(requestId)
    expect(root.getAttribute('Version')).toBe('2.0')
    expect(root.getAttribute('IssueInstant')).toBe('2025-03-04T05:06:07Z')
    expect(root.getAttribute('Destination')).toBe(idpAt.ssoUrl)
    expect(root.getAttribute('AssertionConsumerServiceURL')).toBe(sp.acsUrl)
    expect(root.getAttribute('ProtocolBinding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST')
    const assertionNs = 'urn:oasis:names:tc:SAML:2.0:assertion'
    expect(root.getElementsByTagNameNS(assertionNs, 'Issuer')[0]!.textContent).toBe(sp.entityId)
    const policy = root.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:protocol', 'NameIDPolicy')[0]!
    expect(policy.getAttribute('Format')).toBe('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress')
    expect(policy.getAttribute('AllowCreate')).toBe('true')
    const asTheTestIdpReadsIt = parseAuthnRequest(url.searchParams.get('SAMLRequest')!)
    expect(asTheTestIdpReadsIt).toMatchObject({ id: requestId, acsUrl: sp.acsUrl, issuer: sp.entityId })
  })

  it('omits an absent RelayState and refuses IDs that are not xs:ID and oversized RelayState', () => {
    expect(new URL(buildAuthnRequestUrl({ sp, idp: trusted, requestId })).searchParams.has('RelayState')).toBe(false)
    expect(() => buildAuthnRequestUrl({ sp, idp: trusted, requestId: '123abc' })).toThrow(/xs:ID/)
    expect(() => buildAuthnRequestUrl({ sp, idp: trusted, requestId: '_a"b' })).toThrow(/xs:ID/)
    expect(() => buildAuthnRequestUrl({ sp, idp: trusted, requestId, relayState: 'x'.repeat(81) })).toThrow(/80 bytes/)
  })
})

describe('end to end through the test IdP over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestIdpServer>>
  const user = { email: 'sam.smith@acme.test', firstName: 'Sam', lastName: 'Smith' }
  const e2eIdp = createTestIdp({ entityId: 'https://idp.e2e.test/metadata' })

  beforeAll(async () => {
    server = await startTestIdpServer(e2eIdp, { user })
  })
  afterAll(async () => {
    await server?.close()
  })

  function formFields(html: string) {
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? null
    const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1]
    return { action, samlResponse: field('SAMLResponse'), relayState: field('RelayState') }
  }

  it('SP-initiated: the posted response answers our request', async () => {
    const config = parseIdpMetadata(e2eIdp.metadataXml())
    expect(config.ssoUrl).toBe(`${server.url}/sso`)
    const id = randomId()
    const response = await fetch(buildAuthnRequestUrl({ sp, idp: config, requestId: id, relayState: 'state-1' }))
    const html = await response.text()
    expect(html).toContain('<button type="submit">Continue</button>')
    const form = formFields(html)
    expect(form).toMatchObject({ action: sp.acsUrl, relayState: 'state-1' })
    const result = await validateSamlResponse({ samlResponse: form.samlResponse!, sp, idp: config })
    expect(result).toMatchObject({
      inResponseTo: id,
      nameId: user.email,
      attributes: { email: [user.email], firstName: ['Sam'], lastName: ['Smith'] },
    })
  })

  it('IdP-initiated: no InResponseTo', async () => {
    const config = parseIdpMetadata(e2eIdp.metadataXml())
    const query = new URLSearchParams({ acs: sp.acsUrl, audience: sp.entityId })
    const form = formFields(await (await fetch(`${server.url}/idp-initiated?${query}`)).text())
    expect(form.relayState).toBeNull()
    const result = await validateSamlResponse({ samlResponse: form.samlResponse!, sp, idp: config })
    expect(result).toMatchObject({ inResponseTo: null, nameId: user.email })
  })
})
