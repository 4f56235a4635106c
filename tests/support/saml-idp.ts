import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * A SAML 2.0 identity provider for tests, independent of the code under test and of node-saml: keys and
 * certificates come from the openssl CLI, responses are built as strings here and signed by Debian's
 * xmlsec1 (libxmlsec1), so a bug in our verifier cannot be mirrored by the signer.
 */

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol'
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion'
const DSIG = 'http://www.w3.org/2000/09/xmldsig#'
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'
const BASIC_ATTRIBUTE_NAME = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic'
const PASSWORD_PROTECTED_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'
const XS = 'http://www.w3.org/2001/XMLSchema'
const XSI = 'http://www.w3.org/2001/XMLSchema-instance'
const TYPE_STRING = ' xsi:type="xs:string"'
export const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'
export const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'

export type KeyPair = { keyPath: string; certPath: string; certificatePem: string }
export type SigningKey = 'idp' | 'attacker'

export type TestResponseOptions = {
  /** The SP's ACS URL: default Destination and SubjectConfirmationData Recipient. */
  acsUrl: string
  /** The SP's entity ID: the Audience. null omits the AudienceRestriction. */
  audience: string | string[] | null
  nameId?: string | null
  nameIdFormat?: string | null
  /** Sets both the Response and the SubjectConfirmationData InResponseTo (null/undefined: none, IdP-initiated). */
  inResponseTo?: string | null
  responseInResponseTo?: string | null
  subjectInResponseTo?: string | null
  destination?: string | null
  recipient?: string | null
  /** Both Issuers; responseIssuer / assertionIssuer override one (null omits it). */
  issuer?: string
  responseIssuer?: string | null
  assertionIssuer?: string | null
  /** Base for every timestamp: IssueInstant/AuthnInstant = now, NotBefore = now - 1 min, NotOnOrAfter = now + 5 min. */
  now?: Date
  issueInstant?: Date
  authnInstant?: Date | null
  notBefore?: Date | null
  notOnOrAfter?: Date | null
  subjectNotOnOrAfter?: Date | null
  subjectConfirmationMethod?: string
  sessionIndex?: string | null
  attributes?: Record<string, string | string[]>
  status?: { code: string; subCode?: string; message?: string }
  includeAssertion?: boolean
  includeConditions?: boolean
  includeAuthnStatement?: boolean
  responseId?: string
  assertionId?: string
  /** Default true. */
  signAssertion?: boolean
  /** Default false. */
  signResponse?: boolean
  /** Key for both signatures (default 'idp'); the specific ones override it. */
  signingKey?: SigningKey
  assertionSigningKey?: SigningKey
  responseSigningKey?: SigningKey
}

export type TestIdp = {
  readonly entityId: string
  ssoUrl: string
  readonly certificatePem: string
  /** The attacker's certificate (a different key pair), e.g. to prove it is not trusted. */
  readonly attackerCertificatePem: string
  metadataXml(): string
  response(options: TestResponseOptions): { xml: string; base64: string }
}

let processDir: string | undefined
const keyPairs = new Map<string, KeyPair>()

function scratchDir(): string {
  if (!processDir) {
    processDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saml-idp-'))
    const dir = processDir
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
  }
  return processDir
}

/** An RSA-2048 key and self-signed certificate (CN=name) made by the openssl CLI, once per process and directory. */
export function keyPair(name: string, dir = scratchDir()): KeyPair {
  const cacheKey = path.join(dir, name)
  const cached = keyPairs.get(cacheKey)
  if (cached) return cached
  fs.mkdirSync(dir, { recursive: true })
  const keyPath = path.join(dir, `${name}-key.pem`)
  const certPath = path.join(dir, `${name}-cert.pem`)
  const subject = `/CN=${name === 'idp' ? 'Hireproof Test IdP' : name}`
  const request = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650', '-subj', subject]
  execFileSync('openssl', [...request, '-keyout', keyPath, '-out', certPath], { stdio: ['ignore', 'ignore', 'pipe'] })
  const pair = { keyPath, certPath, certificatePem: fs.readFileSync(certPath, 'utf8') }
  keyPairs.set(cacheKey, pair)
  return pair
}

export function createTestIdp(options: { entityId?: string; dir?: string } = {}): TestIdp {
  const entityId = options.entityId ?? 'https://idp.example.test/saml/metadata'
  const keys: Record<SigningKey, KeyPair> = { idp: keyPair('idp', options.dir), attacker: keyPair('attacker', options.dir) }
  const dir = options.dir ?? scratchDir()
  const idp: TestIdp = {
    entityId,
    ssoUrl: 'https://idp.example.test/saml/sso',
    certificatePem: keys.idp.certificatePem,
    attackerCertificatePem: keys.attacker.certificatePem,
    metadataXml() {
      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="${DSIG}" entityID="${esc(entityId)}">`,
        `  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${PROTOCOL}">`,
        '    <md:KeyDescriptor use="signing">',
        '      <ds:KeyInfo><ds:X509Data>',
        `        <ds:X509Certificate>${pemBody(keys.idp.certificatePem)}</ds:X509Certificate>`,
        '      </ds:X509Data></ds:KeyInfo>',
        '    </md:KeyDescriptor>',
        `    <md:NameIDFormat>${EMAIL_FORMAT}</md:NameIDFormat>`,
        `    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${esc(idp.ssoUrl)}"/>`,
        `    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${esc(idp.ssoUrl)}"/>`,
        '  </md:IDPSSODescriptor>',
        '</md:EntityDescriptor>',
      ].join('\n')
    },
    response(o) {
      let xml = buildResponse(entityId, o)
      const signAssertion = o.signAssertion ?? true
      const includeAssertion = o.includeAssertion ?? true
      if (signAssertion && includeAssertion) xml = xmlsecSign(xml, keys[o.assertionSigningKey ?? o.signingKey ?? 'idp'], dir)
      if (o.signResponse) {
        // Schema order: Issuer, Signature, Extensions, Status. The response template precedes the assertion's,
        // and xmlsec1 signs the first Signature template in document order.
        const responseId = /<samlp:Response\b[^>]*\bID="([^"]+)"/.exec(xml)![1]!
        xml = insertAfterIssuer(xml, 'samlp:Response', signatureTemplate(responseId))
        xml = xmlsecSign(xml, keys[o.responseSigningKey ?? o.signingKey ?? 'idp'], dir)
      }
      return { xml, base64: toBase64(xml) }
    },
  }
  return idp
}

function buildResponse(entityId: string, o: TestResponseOptions): string {
  const now = o.now ?? new Date()
  const at = (ms: number) => new Date(now.getTime() + ms)
  const responseId = o.responseId ?? randomId()
  const assertionId = o.assertionId ?? randomId()
  const pick = <T>(specific: T | undefined, general: T): T => (specific === undefined ? general : specific)
  const responseIssuer = pick(o.responseIssuer, o.issuer ?? entityId)
  const assertionIssuer = pick(o.assertionIssuer, o.issuer ?? entityId)
  const destination = pick(o.destination, o.acsUrl)
  const recipient = pick(o.recipient, o.acsUrl)
  const responseInResponseTo = pick(o.responseInResponseTo, o.inResponseTo ?? null)
  const subjectInResponseTo = pick(o.subjectInResponseTo, o.inResponseTo ?? null)
  const nameId = pick(o.nameId, 'jane.doe@example.com')
  const nameIdFormat = pick(o.nameIdFormat, EMAIL_FORMAT)
  const issueInstant = o.issueInstant ?? now
  const authnInstant = pick(o.authnInstant, now)
  const notBefore = pick(o.notBefore, at(-60_000))
  const notOnOrAfter = pick(o.notOnOrAfter, at(5 * 60_000))
  const subjectNotOnOrAfter = pick(o.subjectNotOnOrAfter, at(5 * 60_000))
  const sessionIndex = pick(o.sessionIndex, `_session${crypto.randomBytes(6).toString('hex')}`)
  const audiences = o.audience === null ? null : Array.isArray(o.audience) ? o.audience : [o.audience]
  const status = o.status ?? { code: SUCCESS }

  const attr = (name: string, value: string | Date | null) =>
    value === null ? '' : ` ${name}="${esc(value instanceof Date ? instant(value) : value)}"`
  const element = (name: string, content: string, attributes = '') => `<${name}${attributes}>${content}</${name}>`

  const subStatus = status.subCode ? `<samlp:StatusCode${attr('Value', status.subCode)}/>` : ''
  const statusXml = element(
    'samlp:Status',
    element('samlp:StatusCode', subStatus, attr('Value', status.code)) +
      (status.message ? element('samlp:StatusMessage', esc(status.message)) : ''),
  )

  const attributeXml = Object.entries(o.attributes ?? {})
    .map(([name, value]) => {
      const values = (Array.isArray(value) ? value : [value]).map((v) => element('saml:AttributeValue', esc(v), TYPE_STRING))
      return element('saml:Attribute', values.join(''), `${attr('Name', name)} NameFormat="${BASIC_ATTRIBUTE_NAME}"`)
    })
    .join('')

  const confirmationData =
    attr('InResponseTo', subjectInResponseTo) + attr('NotOnOrAfter', subjectNotOnOrAfter) + attr('Recipient', recipient)
  const confirmation = element(
    'saml:SubjectConfirmation',
    `<saml:SubjectConfirmationData${confirmationData}/>`,
    attr('Method', o.subjectConfirmationMethod ?? BEARER),
  )
  const audienceXml = audiences
    ? element('saml:AudienceRestriction', audiences.map((a) => element('saml:Audience', esc(a))).join(''))
    : ''
  const authnContext = element('saml:AuthnContext', element('saml:AuthnContextClassRef', PASSWORD_PROTECTED_TRANSPORT))

  const assertion = element(
    'saml:Assertion',
    [
      assertionIssuer === null ? '' : element('saml:Issuer', esc(assertionIssuer)),
      (o.signAssertion ?? true) ? signatureTemplate(assertionId) : '',
      element(
        'saml:Subject',
        (nameId === null ? '' : element('saml:NameID', esc(nameId), attr('Format', nameIdFormat))) +
          confirmation,
      ),
      (o.includeConditions ?? true)
        ? element('saml:Conditions', audienceXml, attr('NotBefore', notBefore) + attr('NotOnOrAfter', notOnOrAfter))
        : '',
      (o.includeAuthnStatement ?? true)
        ? element('saml:AuthnStatement', authnContext, attr('AuthnInstant', authnInstant) + attr('SessionIndex', sessionIndex))
        : '',
      attributeXml ? element('saml:AttributeStatement', attributeXml) : '',
    ].join(''),
    `${attr('ID', assertionId)} Version="2.0"${attr('IssueInstant', issueInstant)}`,
  )

  const namespaces = ` xmlns:samlp="${PROTOCOL}" xmlns:saml="${ASSERTION}" xmlns:xs="${XS}" xmlns:xsi="${XSI}"`
  const responseAttributes =
    `${attr('ID', responseId)} Version="2.0"${attr('IssueInstant', issueInstant)}` +
    attr('Destination', destination) +
    attr('InResponseTo', responseInResponseTo)
  const body = [
    responseIssuer === null ? '' : element('saml:Issuer', esc(responseIssuer)),
    statusXml,
    (o.includeAssertion ?? true) ? assertion : '',
  ]
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('samlp:Response', body.join(''), namespaces + responseAttributes)}`
}

/** Enveloped signature template: exc-c14n, RSA-SHA256, SHA-256 digest, KeyInfo filled with the signer's certificate. */
function signatureTemplate(id: string): string {
  return (
    `<ds:Signature xmlns:ds="${DSIG}"><ds:SignedInfo>` +
    '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
    '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
    `<ds:Reference URI="#${esc(id)}"><ds:Transforms>` +
    '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>' +
    '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
    '</ds:Transforms>' +
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue>' +
    '</ds:Reference></ds:SignedInfo>' +
    '<ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data></ds:X509Data></ds:KeyInfo></ds:Signature>'
  )
}

let signCounter = 0

/** Fills the first Signature template in document order, with Debian's xmlsec1. */
function xmlsecSign(xml: string, key: KeyPair, dir: string): string {
  const base = path.join(dir, `sign-${process.pid}-${++signCounter}`)
  fs.writeFileSync(`${base}.in.xml`, xml)
  try {
    execFileSync(
      'xmlsec1',
      [
        '--sign',
        '--privkey-pem',
        `${key.keyPath},${key.certPath}`,
        '--id-attr:ID',
        `${ASSERTION}:Assertion`,
        '--id-attr:ID',
        `${PROTOCOL}:Response`,
        '--output',
        `${base}.out.xml`,
        `${base}.in.xml`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    return fs.readFileSync(`${base}.out.xml`, 'utf8')
  } finally {
    fs.rmSync(`${base}.in.xml`, { force: true })
    fs.rmSync(`${base}.out.xml`, { force: true })
  }
}

function insertAfterIssuer(xml: string, element: string, insert: string): string {
  const start = xml.indexOf(`<${element}`)
  const openEnd = xml.indexOf('>', start) + 1
  const issuer = '<saml:Issuer>'
  const at = xml.startsWith(issuer, openEnd) ? xml.indexOf('</saml:Issuer>', openEnd) + '</saml:Issuer>'.length : openEnd
  return xml.slice(0, at) + insert + xml.slice(at)
}

// ---------------------------------------------------------------------------------------------------
// Attacks on a legitimately signed response (string surgery on the layout buildResponse produces)

const ASSERTION_PATTERN = /<saml:Assertion\b[\s\S]*?<\/saml:Assertion>/
const SIGNATURE_PATTERN = /<ds:Signature\b[\s\S]*?<\/ds:Signature>/

function signedAssertionOf(xml: string): string {
  const match = ASSERTION_PATTERN.exec(xml)
  if (!match) throw new Error('no assertion in the response')
  return match[0]
}

/** The signed assertion, unsigned, saying what the attacker wants it to say. */
function forge(signed: string, nameId: string, id: string | null): string {
  let evil = signed.replace(SIGNATURE_PATTERN, '').replace(/(<saml:NameID\b[^>]*>)[\s\S]*?(<\/saml:NameID>)/, `$1${esc(nameId)}$2`)
  if (id !== null) evil = evil.replace(/^(<saml:Assertion\b[^>]*?\bID=")[^"]*"/, `$1${id}"`)
  return evil
}

/** (a) A forged assertion placed before the signed one; a naive reader takes the first. */
export function wrapForgedAssertionFirst(xml: string, nameId: string): string {
  const signed = signedAssertionOf(xml)
  return xml.replace(signed, () => forge(signed, nameId, randomId()) + signed)
}

/** (b) The signed assertion moved into the Response's Extensions; a forged one takes its place. */
export function wrapSignedAssertionInExtensions(xml: string, nameId: string): string {
  const signed = signedAssertionOf(xml)
  const swapped = xml.replace(signed, () => forge(signed, nameId, randomId()))
  return insertAfterIssuer(swapped, 'samlp:Response', `<samlp:Extensions>${signed}</samlp:Extensions>`)
}

/** (c) A forged assertion with the same ID as the signed one, before it: lookup by ID finds the forgery. */
export function wrapForgedAssertionWithSameId(xml: string, nameId: string): string {
  const signed = signedAssertionOf(xml)
  return xml.replace(signed, () => forge(signed, nameId, null) + signed)
}

/** (d) The signed assertion's content changed after signing (its digest no longer matches). */
export function tamperSignedAssertion(xml: string, nameId: string): string {
  const signed = signedAssertionOf(xml)
  return xml.replace(signed, () => signed.replace(/(<saml:NameID\b[^>]*>)[\s\S]*?(<\/saml:NameID>)/, `$1${esc(nameId)}$2`))
}

/**
 * (e) The Signature of a signed response's assertion copied into a different, unsigned response's
 * assertion. With matchId the target assertion also takes the signed assertion's ID.
 */
export function transplantSignature(signedXml: string, unsignedXml: string, options: { matchId?: boolean } = {}): string {
  const signed = signedAssertionOf(signedXml)
  const signature = SIGNATURE_PATTERN.exec(signed)![0]
  const signedId = /^<saml:Assertion\b[^>]*?\bID="([^"]*)"/.exec(signed)![1]!
  const target = signedAssertionOf(unsignedXml)
  let transplanted = insertAfterIssuer(target, 'saml:Assertion', signature)
  if (options.matchId) transplanted = transplanted.replace(/^(<saml:Assertion\b[^>]*?\bID=")[^"]*"/, `$1${signedId}"`)
  return unsignedXml.replace(target, () => transplanted)
}

/**
 * (f) CVE-2017-11428 class: a comment inside the signed NameID, before `before`. Exclusive c14n drops
 * comments, so the signature still verifies; a reader taking the first text node gets a truncated value.
 */
export function injectCommentIntoNameId(xml: string, before: string): string {
  return xml.replace(/(<saml:NameID\b[^>]*>)([\s\S]*?)(<\/saml:NameID>)/, (_, open: string, value: string, close: string) => {
    const at = value.indexOf(before)
    if (at < 0) throw new Error(`${before} is not in the NameID`)
    return `${open}${value.slice(0, at)}<!---->${value.slice(at)}${close}`
  })
}

/** Replaces the assertion with an EncryptedAssertion (placeholder cipher data; we refuse before decrypting). */
export function encryptAssertionPlaceholder(xml: string): string {
  return xml.replace(signedAssertionOf(xml), () =>
    '<saml:EncryptedAssertion>' +
    '<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">' +
    '<xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>',
  )
}

/** Appends a second (independently signed) assertion taken from another response. */
export function appendAssertionFrom(xml: string, otherXml: string): string {
  const other = signedAssertionOf(otherXml)
  return xml.replace('</samlp:Response>', () => `${other}</samlp:Response>`)
}

// ---------------------------------------------------------------------------------------------------

export function toBase64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64')
}

export function randomId(): string {
  return `_${crypto.randomBytes(16).toString('hex')}`
}

function instant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
}
