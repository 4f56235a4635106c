import crypto from 'node:crypto'
import { SamlError } from './saml-error'

const MAX_CERTIFICATE_CHARS = 64 * 1024

/**
 * Accepts an IdP signing certificate as PEM or bare base64 DER (as found in metadata X509Certificate
 * elements), checks that it parses as X.509 and returns it as PEM. Expiry is deliberately not checked:
 * IdPs commonly sign with long-expired self-signed certificates, and trust comes from pinning this exact
 * certificate, not from its validity period or chain.
 */
export function normaliseCertificate(input: string): string {
  const trimmed = input.trim()
  if (!trimmed) throw new SamlError('certificate', 'The certificate is empty.')
  if (trimmed.length > MAX_CERTIFICATE_CHARS) throw new SamlError('certificate', 'The certificate is too large.')
  if (/PRIVATE KEY-----/.test(trimmed)) {
    throw new SamlError('certificate', "This is a private key. Paste the identity provider's public signing certificate instead.")
  }
  let body = trimmed
  if (trimmed.includes('-----BEGIN')) {
    const blocks = [...trimmed.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)]
    if (blocks.length !== 1 || blocks[0]![1] !== 'CERTIFICATE') {
      throw new SamlError('certificate', 'Paste exactly one PEM block starting with -----BEGIN CERTIFICATE-----.')
    }
    body = blocks[0]![2]!
  }
  const base64 = body.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) {
    throw new SamlError('certificate', 'The certificate is neither PEM nor base64-encoded DER.')
  }
  const der = Buffer.from(base64, 'base64')
  try {
    new crypto.X509Certificate(der)
  } catch {
    throw new SamlError('certificate', 'The certificate could not be parsed as an X.509 certificate.')
  }
  const lines = der.toString('base64').match(/.{1,64}/g)!
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

/** SHA-256 fingerprint of the DER certificate as colon-separated upper-case hex, for display. */
export function certificateFingerprint(pem: string): string {
  return new crypto.X509Certificate(normaliseCertificate(pem)).fingerprint256
}
