import { isDeepStrictEqual } from 'node:util'
import zlib from 'node:zlib'
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml'
import { getVerifiedXml } from '@node-saml/node-saml/lib/xml.js'
import { normaliseCertificate } from './certificates'
import { bindings, NAMEID_EMAIL } from './metadata'
import { clean, quote, SamlError } from './saml-error'
import { allElements, attribute, children, escapeXml, isElement, ns, optionalChild, parseUntrustedXml, text } from './xml'

/**
 * SAML 2.0 Web Browser SSO for a service provider: SP-initiated AuthnRequests over HTTP-Redirect and
 * Responses over HTTP-POST. Pure protocol code; request IDs, the replay cache and users are the
 * caller's (see README.md in this folder for the division of checks and the caller's duties).
 */

export { certificateFingerprint, normaliseCertificate } from './certificates'
export { parseIdpMetadata, serviceProviderMetadata, validateSsoUrl } from './metadata'
export { isSamlError, SamlError, type SamlErrorReason } from './saml-error'

export type SamlServiceProvider = { entityId: string; acsUrl: string }
export type SamlIdentityProvider = { entityId: string; ssoUrl: string; certificates: string[] /* PEM */ }

export type ValidatedAssertion = {
  issuer: string
  assertionId: string
  /** The AuthnRequest ID this answers, from signed content; null for an IdP-initiated response. */
  inResponseTo: string | null
  nameId: string
  nameIdFormat: string | null
  sessionIndex: string | null
  attributes: Record<string, string[]>
  /** Earliest of SubjectConfirmationData and Conditions NotOnOrAfter: keep the replay entry until this + skew. */
  notOnOrAfter: Date
  authnInstant: Date | null
}

export type ValidateSamlResponseInput = {
  /** The SAMLResponse form field as posted (base64; line breaks tolerated). */
  samlResponse: string
  sp: SamlServiceProvider
  idp: SamlIdentityProvider
  now?: Date
  clockSkewMs?: number
}

export const MAX_RESPONSE_BYTES = 256 * 1024
const MAX_RESPONSE_BASE64 = Math.ceil(MAX_RESPONSE_BYTES / 3) * 4

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'
const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity'

// ---------------------------------------------------------------------------------------------------
// AuthnRequest (HTTP-Redirect binding)

/**
 * The IdP URL to redirect the browser to. The AuthnRequest is deflated (raw), base64'd and put in the
 * SAMLRequest query parameter (SAML bindings §3.4.4.1). It is unsigned: it carries no secret and grants
 * nothing; what matters is that the caller stores requestId and later accepts only responses whose signed
 * InResponseTo names an unexpired stored ID. requestId must be an xs:ID (start with a letter or '_').
 */
export function buildAuthnRequestUrl(input: {
  sp: SamlServiceProvider
  idp: SamlIdentityProvider
  requestId: string
  relayState?: string | null
  now?: Date
}): string {
  const { sp, idp, requestId, relayState, now = new Date() } = input
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,255}$/.test(requestId)) {
    throw new TypeError('requestId must be an xs:ID: start with a letter or _')
  }
  // Bindings §3.4.3: RelayState MUST NOT exceed 80 bytes.
  if (relayState != null && Buffer.byteLength(relayState, 'utf8') > 80) throw new TypeError('relayState must be at most 80 bytes')
  const request =
    `<samlp:AuthnRequest xmlns:samlp="${ns.protocol}" xmlns:saml="${ns.assertion}" ID="${escapeXml(requestId)}" Version="2.0"` +
    ` IssueInstant="${xsDateTime(now)}" Destination="${escapeXml(idp.ssoUrl)}"` +
    ` AssertionConsumerServiceURL="${escapeXml(sp.acsUrl)}" ProtocolBinding="${bindings.post}">` +
    `<saml:Issuer>${escapeXml(sp.entityId)}</saml:Issuer>` +
    `<samlp:NameIDPolicy Format="${NAMEID_EMAIL}" AllowCreate="true"/>` +
    '</samlp:AuthnRequest>'
  const url = new URL(idp.ssoUrl) // keeps query parameters the IdP put in its SSO URL
  url.searchParams.append('SAMLRequest', zlib.deflateRawSync(Buffer.from(request, 'utf8')).toString('base64'))
  if (relayState != null && relayState !== '') url.searchParams.append('RelayState', relayState)
  return url.toString()
}

function xsDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

// ---------------------------------------------------------------------------------------------------
// Response (HTTP-POST binding)

/**
 * Validates a posted SAML Response and returns the facts of its single assertion, all read from XML that
 * a trusted signature covers. Throws SamlError otherwise. The caller must still check inResponseTo
 * against its stored requests (or allow IdP-initiated when null) and record assertionId for replay.
 */
export async function validateSamlResponse(input: ValidateSamlResponseInput): Promise<ValidatedAssertion> {
  const { sp, idp, now = new Date(), clockSkewMs = 60_000 } = input
  const certificates = trustedCertificates(idp)
  const xml = decodeResponse(input.samlResponse)
  const doc = parseUntrustedXml(xml, 'SAML response')
  const root = doc.documentElement
  if (!isElement(root, ns.protocol, 'Response')) throw new SamlError('malformed', 'The message is not a SAML 2.0 Response.')

  // Refusals may rely on unsigned content (refusing grants nothing); IdPs often leave error responses unsigned.
  checkStatus(root)
  const assertion = soleAssertion(doc, root)

  // Which parts does a trusted signature cover? A present signature that does not verify is fatal, even
  // if another one would have sufficed.
  const signedResponseXml = verifiedXml(xml, root, certificates, 'response')
  const signedAssertionXml = verifiedXml(xml, assertion, certificates, 'assertion')
  if (!signedResponseXml && !signedAssertionXml) {
    const message = 'Neither the response nor the assertion is signed. Configure the identity provider to sign the assertion.'
    throw new SamlError('signature', message)
  }

  // From here on read only signed XML: the canonical bytes the signature check returned, re-parsed. A
  // signed Response covers its assertion (signed or not), so its copy is used first, as node-saml does.
  const signedResponse = signedResponseXml ? signedRoot(signedResponseXml, ns.protocol, 'Response') : null
  const signedAssertion = signedResponse
    ? children(signedResponse, ns.assertion, 'Assertion')[0]
    : signedRoot(signedAssertionXml!, ns.assertion, 'Assertion')
  if (!signedAssertion) throw new SamlError('signature', 'The signed response does not contain the assertion.')

  const context = { sp, idp, now: now.getTime(), skew: clockSkewMs }
  const facts = readAssertion(signedAssertion, context)
  const inResponseTo = checkResponse(signedResponse ?? root, signedResponse !== null, facts.subjectInResponseTo, context)

  await crossCheckWithNodeSaml(xml, certificates, context, facts)

  const { subjectInResponseTo: _, ...rest } = facts
  return { ...rest, inResponseTo }
}

type Context = { sp: SamlServiceProvider; idp: SamlIdentityProvider; now: number; skew: number }
type AssertionFacts = Omit<ValidatedAssertion, 'inResponseTo'> & { subjectInResponseTo: string | null }

function trustedCertificates(idp: SamlIdentityProvider): string[] {
  if (!idp.certificates.length) {
    throw new SamlError('certificate', 'No signing certificate is configured for this identity provider.')
  }
  return idp.certificates.map(normaliseCertificate)
}

function decodeResponse(samlResponse: unknown): string {
  if (typeof samlResponse !== 'string' || !samlResponse.trim()) throw new SamlError('malformed', 'No SAMLResponse was posted.')
  if (samlResponse.length > 2 * MAX_RESPONSE_BASE64) throw tooLarge()
  const compact = samlResponse.replace(/\s+/g, '')
  if (compact.length > MAX_RESPONSE_BASE64) throw tooLarge()
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new SamlError('malformed', 'The SAMLResponse is not valid base64.')
  }
  const bytes = Buffer.from(compact, 'base64')
  if (bytes.length > MAX_RESPONSE_BYTES) throw tooLarge()
  let xml: string
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new SamlError('malformed', 'The SAMLResponse is not UTF-8 text.')
  }
  if (!xml.trimStart().startsWith('<')) throw new SamlError('malformed', 'The SAMLResponse is not XML.')
  // XML processors normalise line ends; node-saml does the same before checking signatures.
  return xml.replace(/\r\n?/g, '\n')
}

function tooLarge(): SamlError {
  return new SamlError('too_large', `The SAML response is larger than ${MAX_RESPONSE_BYTES / 1024} KB.`)
}

function checkStatus(response: Element): void {
  const status = optionalChild(response, ns.protocol, 'Status', 'response')
  const code = status && optionalChild(status, ns.protocol, 'StatusCode', 'status')
  const value = code && attribute(code, 'Value')
  if (!status || !code || !value) throw new SamlError('malformed', 'The response has no status code.')
  if (value === SUCCESS) return
  const subCode = optionalChild(code, ns.protocol, 'StatusCode', 'status code')
  const subValue = subCode && attribute(subCode, 'Value')
  const messageElement = optionalChild(status, ns.protocol, 'StatusMessage', 'status')
  const message = messageElement && text(messageElement)
  const short = (v: string) => clean(v.replace(/^urn:oasis:names:tc:SAML:2\.0:status:/, ''), 80)
  const codes = subValue ? `${short(value)} / ${short(subValue)}` : short(value)
  const detail = message ? `: ${quote(message, 200)}` : ''
  throw new SamlError('status', `The identity provider did not sign the user in (${codes})${detail}.`)
}

/**
 * Exactly one Assertion may exist anywhere in the document, directly under the Response. Signature
 * wrapping needs the genuine signed assertion to stay in the document next to the forged one, so this
 * alone defeats it; the signature checks below would refuse those documents as well.
 */
function soleAssertion(doc: Document, response: Element): Element {
  const elements = allElements(doc)
  if (elements.some((el) => el.localName === 'EncryptedAssertion' || el.localName === 'EncryptedID')) {
    throw new SamlError(
      'encrypted',
      'The assertion is encrypted, which is not supported. ' +
        'Turn off assertion encryption for this application in the identity provider.',
    )
  }
  const assertions = elements.filter((el) => el.localName === 'Assertion')
  if (assertions.length === 0) throw new SamlError('malformed', 'The response contains no assertion.')
  if (assertions.length > 1) {
    throw new SamlError('multiple_assertions', `The response must contain exactly one assertion; it contains ${assertions.length}.`)
  }
  const assertion = assertions[0]!
  if (!isElement(assertion, ns.assertion, 'Assertion') || assertion.parentNode !== response) {
    throw new SamlError('malformed', 'The assertion is not a SAML 2.0 assertion directly inside the response.')
  }
  return assertion
}

/**
 * node-saml's getVerifiedXml (what its own validation uses): the element's one enveloped signature must
 * reference the element itself by a unique ID and verify with a trusted certificate (KeyInfo is ignored).
 * Returns the canonicalised signed bytes, null when the element has no signature.
 */
function verifiedXml(xml: string, element: Element, certificates: string[], what: 'response' | 'assertion'): string | null {
  if (children(element, ns.dsig, 'Signature').length === 0) return null
  let signed: string | null
  try {
    signed = getVerifiedXml(xml, element, certificates)
  } catch {
    signed = null
  }
  if (!signed) {
    const message = `The ${what} signature is invalid or was not made with the certificate configured for this identity provider.`
    throw new SamlError('signature', message)
  }
  return signed
}

function signedRoot(xml: string, namespace: string, localName: string): Element {
  const root = parseUntrustedXml(xml, 'signed content').documentElement
  if (!isElement(root, namespace, localName)) {
    throw new SamlError('signature', `The signature does not cover the ${localName.toLowerCase()}.`)
  }
  return root
}

function readAssertion(assertion: Element, context: Context): AssertionFacts {
  const { sp, idp } = context
  if (attribute(assertion, 'Version') !== '2.0') throw new SamlError('malformed', 'The assertion is not SAML 2.0.')
  const assertionId = attribute(assertion, 'ID')
  if (!assertionId) throw new SamlError('malformed', 'The assertion has no ID.')
  const issueInstant = instant(attribute(assertion, 'IssueInstant'), 'assertion IssueInstant')
  if (!issueInstant) throw new SamlError('malformed', 'The assertion has no IssueInstant.')
  notBefore(issueInstant, context, `The assertion was issued in the future; ${CHECK_CLOCKS}`)

  const issuerElement = optionalChild(assertion, ns.assertion, 'Issuer', 'assertion')
  if (!issuerElement) throw new SamlError('issuer', 'The assertion has no Issuer.')
  const issuer = text(issuerElement)
  const issuerFormat = attribute(issuerElement, 'Format')
  if (issuerFormat !== null && issuerFormat !== ENTITY_FORMAT) {
    throw new SamlError('issuer', 'The assertion Issuer is not an entity ID.')
  }
  if (issuer !== idp.entityId) throw wrongIssuer('assertion', issuer, idp)

  const subject = optionalChild(assertion, ns.assertion, 'Subject', 'assertion')
  if (!subject) throw new SamlError('subject', 'The assertion has no Subject.')
  const nameIdElement = optionalChild(subject, ns.assertion, 'NameID', 'subject')
  const nameId = nameIdElement && text(nameIdElement)
  if (!nameIdElement || !nameId) throw new SamlError('subject', 'The assertion has no NameID identifying the user.')

  // Profiles §4.1.4.2: a bearer SubjectConfirmation with Recipient and NotOnOrAfter. Any one that passes will do.
  const bearers = children(subject, ns.assertion, 'SubjectConfirmation').filter((c) => attribute(c, 'Method') === BEARER)
  if (!bearers.length) throw new SamlError('subject', 'The assertion has no bearer SubjectConfirmation.')
  let confirmation: { notOnOrAfter: Date; inResponseTo: string | null } | undefined
  let firstError: unknown
  for (const bearer of bearers) {
    try {
      confirmation = checkBearer(bearer, context)
      break
    } catch (error) {
      firstError ??= error
    }
  }
  if (!confirmation) throw firstError

  const conditions = optionalChild(assertion, ns.assertion, 'Conditions', 'assertion')
  if (!conditions) throw new SamlError('audience', 'The assertion has no Conditions restricting its audience.')
  const conditionsNotBefore = instant(attribute(conditions, 'NotBefore'), 'Conditions NotBefore')
  if (conditionsNotBefore) notBefore(conditionsNotBefore, context, `The assertion is not valid yet; ${CHECK_CLOCKS}`)
  const conditionsNotOnOrAfter = instant(attribute(conditions, 'NotOnOrAfter'), 'Conditions NotOnOrAfter')
  if (conditionsNotOnOrAfter) notOnOrAfter(conditionsNotOnOrAfter, context, 'The assertion has expired.')
  const restrictions = children(conditions, ns.assertion, 'AudienceRestriction')
  if (!restrictions.length) throw new SamlError('audience', 'The assertion has no AudienceRestriction.')
  // Conditions are conjunctive (core §2.5.1): every AudienceRestriction must name us.
  for (const restriction of restrictions) {
    const audiences = children(restriction, ns.assertion, 'Audience').map(text)
    if (!audiences.includes(sp.entityId)) {
      const found = audiences.length ? audiences.map((a) => quote(a)).join(', ') : 'no audience'
      throw new SamlError('audience', `The assertion is meant for ${found}, not for this service provider (${quote(sp.entityId)}).`)
    }
  }

  const authn = children(assertion, ns.assertion, 'AuthnStatement')[0]
  if (!authn) throw new SamlError('malformed', 'The assertion has no AuthnStatement.')
  const sessionNotOnOrAfter = instant(attribute(authn, 'SessionNotOnOrAfter'), 'SessionNotOnOrAfter')
  if (sessionNotOnOrAfter) notOnOrAfter(sessionNotOnOrAfter, context, 'The identity provider session has expired.')

  const attributes = new Map<string, string[]>()
  for (const statement of children(assertion, ns.assertion, 'AttributeStatement')) {
    for (const attr of children(statement, ns.assertion, 'Attribute')) {
      const name = attribute(attr, 'Name')
      // "__proto__" would turn into a prototype swap in a caller's Object.assign or obj[name] = …
      if (!name || name === '__proto__') continue
      const values = children(attr, ns.assertion, 'AttributeValue').map(text)
      attributes.set(name, [...(attributes.get(name) ?? []), ...values])
    }
  }

  const confirmedUntil = confirmation.notOnOrAfter
  const earliest = conditionsNotOnOrAfter && conditionsNotOnOrAfter < confirmedUntil ? conditionsNotOnOrAfter : confirmedUntil
  return {
    issuer,
    assertionId,
    subjectInResponseTo: confirmation.inResponseTo,
    nameId,
    nameIdFormat: attribute(nameIdElement, 'Format'),
    sessionIndex: attribute(authn, 'SessionIndex'),
    attributes: Object.fromEntries(attributes),
    notOnOrAfter: earliest,
    authnInstant: instant(attribute(authn, 'AuthnInstant'), 'AuthnInstant'),
  }
}

function checkBearer(confirmation: Element, context: Context): { notOnOrAfter: Date; inResponseTo: string | null } {
  const data = optionalChild(confirmation, ns.assertion, 'SubjectConfirmationData', 'subject confirmation')
  if (!data) throw new SamlError('subject', 'The bearer SubjectConfirmation has no SubjectConfirmationData.')
  const recipient = attribute(data, 'Recipient')
  if (recipient !== context.sp.acsUrl) {
    throw new SamlError(
      'recipient',
      recipient === null
        ? 'The assertion does not name its recipient.'
        : `The assertion is for recipient ${quote(recipient)}, not this sign-in URL (${quote(context.sp.acsUrl)}).`,
    )
  }
  const until = instant(attribute(data, 'NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter')
  if (!until) throw new SamlError('subject', 'The bearer SubjectConfirmationData has no NotOnOrAfter.')
  notOnOrAfter(until, context, 'The assertion has expired; sign in again.')
  // The profile forbids NotBefore here; tolerate it but honour it.
  const from = instant(attribute(data, 'NotBefore'), 'SubjectConfirmationData NotBefore')
  if (from) notBefore(from, context, `The assertion is not valid yet; ${CHECK_CLOCKS}`)
  return { notOnOrAfter: until, inResponseTo: attribute(data, 'InResponseTo') }
}

/**
 * Response-level checks. `response` is the signed copy when the Response is signed, else the unsigned
 * element: then its values can only cause a refusal, never vouch for anything. Returns the InResponseTo
 * to report, which must come from signed content.
 */
function checkResponse(response: Element, signed: boolean, subjectInResponseTo: string | null, context: Context): string | null {
  if (attribute(response, 'Version') !== '2.0') throw new SamlError('malformed', 'The response is not SAML 2.0.')
  // Bindings §3.5.5.2: a signed message sent over HTTP-POST must carry Destination, equal to where it arrived.
  const destination = attribute(response, 'Destination')
  if (destination === null ? signed : destination !== context.sp.acsUrl) {
    throw new SamlError(
      'destination',
      destination === null
        ? 'The signed response has no Destination.'
        : `The response was sent to ${quote(destination)}, not this sign-in URL (${quote(context.sp.acsUrl)}).`,
    )
  }
  const issuerElement = optionalChild(response, ns.assertion, 'Issuer', 'response')
  if (issuerElement && text(issuerElement) !== context.idp.entityId) throw wrongIssuer('response', text(issuerElement), context.idp)
  const responseInResponseTo = attribute(response, 'InResponseTo')
  if (responseInResponseTo !== null && subjectInResponseTo !== null && responseInResponseTo !== subjectInResponseTo) {
    throw new SamlError('in_response_to', 'The response and its assertion answer different sign-in requests.')
  }
  if (subjectInResponseTo === null && responseInResponseTo !== null && !signed) {
    throw new SamlError('in_response_to', 'The InResponseTo of the response is not covered by a signature.')
  }
  return subjectInResponseTo ?? responseInResponseTo
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

function instant(value: string | null, what: string): Date | null {
  if (value === null) return null
  const time = DATE_TIME.test(value) ? Date.parse(value) : NaN
  if (Number.isNaN(time)) throw new SamlError('malformed', `The ${what} is not a valid date-time.`)
  return new Date(time)
}

const CHECK_CLOCKS = 'check the clocks of the identity provider and this server.'

function wrongIssuer(what: 'response' | 'assertion', issuer: string, idp: SamlIdentityProvider): SamlError {
  return new SamlError('issuer', `The ${what} was issued by ${quote(issuer)}, but this connection expects ${quote(idp.entityId)}.`)
}

function notBefore(start: Date, { now, skew }: Context, message: string): void {
  if (now + skew < start.getTime()) throw new SamlError('not_yet_valid', message)
}

function notOnOrAfter(end: Date, { now, skew }: Context, message: string): void {
  if (now - skew >= end.getTime()) throw new SamlError('expired', message)
}

/**
 * Runs node-saml's own validation on the same bytes as a second, independent opinion: signature, single
 * assertion, audience. Its clock checks are off (it reads the wall clock, we use `now`; ours above cover
 * them) and InResponseTo is the caller's. Its view of the signed assertion must then read exactly like ours.
 */
async function crossCheckWithNodeSaml(xml: string, certificates: string[], context: Context, facts: AssertionFacts): Promise<void> {
  const saml = new SAML({
    callbackUrl: context.sp.acsUrl,
    issuer: context.sp.entityId,
    audience: context.sp.entityId,
    idpIssuer: context.idp.entityId,
    entryPoint: context.idp.ssoUrl,
    idpCert: certificates,
    // Accept a signed Response covering an unsigned assertion; with neither signed node-saml still refuses.
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: -1,
  })
  let assertionXml: string | undefined
  try {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') })
    assertionXml = profile?.getAssertionXml?.()
  } catch (error) {
    throw fromNodeSaml(error)
  }
  let theirs: AssertionFacts | null = null
  try {
    if (assertionXml) theirs = readAssertion(signedRoot(assertionXml, ns.assertion, 'Assertion'), context)
  } catch {
    theirs = null
  }
  if (!theirs || !isDeepStrictEqual(theirs, facts)) {
    throw new SamlError('signature', 'The signed content of the response is ambiguous.')
  }
}

function fromNodeSaml(error: unknown): SamlError {
  if (error instanceof SamlError) return error
  const message = error instanceof Error ? error.message : ''
  if (/audience/i.test(message)) return new SamlError('audience', 'The assertion is not addressed to this service provider.')
  if (/signature|signed|ID cannot refer|Referenced node|ref URI/i.test(message)) {
    return new SamlError('signature', 'The signature of the response could not be verified.')
  }
  return new SamlError('malformed', 'The SAML response could not be validated.')
}
