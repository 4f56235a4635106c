/**
 * Why a SAML message or configuration was refused. The reason is a closed set so callers can map it to
 * audit events and UI copy; the message is written for an organisation admin (no stack, no raw XML).
 */
export type SamlErrorReason =
  // Response validation
  | 'malformed' // not base64, not XML, DTD present, wrong root, missing required element
  | 'too_large' // over the size limit before parsing
  | 'signature' // no valid signature from a trusted certificate covers the assertion
  | 'multiple_assertions' // anything but exactly one assertion in the document
  | 'encrypted' // EncryptedAssertion / EncryptedID: not supported
  | 'status' // the IdP answered with a non-Success status
  | 'issuer' // Issuer is not the configured IdP entity ID
  | 'audience' // AudienceRestriction does not name this SP
  | 'recipient' // SubjectConfirmationData/@Recipient is not our ACS URL
  | 'destination' // Response/@Destination is not our ACS URL
  | 'expired' // a NotOnOrAfter is in the past (beyond clock skew)
  | 'not_yet_valid' // a NotBefore / IssueInstant is in the future (beyond clock skew)
  | 'in_response_to' // Response and SubjectConfirmationData disagree, or the value is not signed
  | 'subject' // no usable NameID or bearer SubjectConfirmation
  // Configuration (IdP metadata, certificates, URLs)
  | 'metadata' // metadata lacks a required part
  | 'insecure_url' // SSO URL is not https (http allowed only for localhost)
  | 'certificate' // not a parseable X.509 certificate

export class SamlError extends Error {
  override readonly name = 'SamlError'
  constructor(
    readonly reason: SamlErrorReason,
    message: string,
  ) {
    super(message)
  }
}

export function isSamlError(error: unknown): error is SamlError {
  return error instanceof SamlError
}

/** Makes a value taken from an untrusted message safe to show in an error: printable, bounded. */
export function clean(value: string, max = 120): string {
  const printable = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return printable.length > max ? `${printable.slice(0, max)}…` : printable
}

export function quote(value: string, max = 120): string {
  return `"${clean(value, max)}"`
}
