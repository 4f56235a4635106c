import { normaliseCertificate } from './certificates'
import { SamlError } from './saml-error'
import type { SamlIdentityProvider, SamlServiceProvider } from './saml-sp'
import { allElements, attribute, children, escapeXml, isElement, ns, parseUntrustedXml, text } from './xml'

export const MAX_METADATA_BYTES = 512 * 1024

export const bindings = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const

export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'

/**
 * An IdP SSO URL must be absolute https; plain http is allowed only for localhost / 127.0.0.1 (local
 * development and tests). Returns the URL unchanged.
 */
export function validateSsoUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new SamlError('metadata', 'The single sign-on URL is not a valid absolute URL.')
  }
  if (parsed.protocol === 'https:') return url
  if (parsed.protocol === 'http:' && (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1')) return url
  throw new SamlError('insecure_url', 'The single sign-on URL must use https.')
}

/**
 * Reads an IdP's SAML 2.0 metadata: the entity ID, the SingleSignOnService location (HTTP-Redirect
 * preferred, else HTTP-POST) and every signing certificate (KeyDescriptor use="signing" or without use)
 * of the IDPSSODescriptor. Certificates of other roles (Entra's WS-Federation RoleDescriptor, an
 * SPSSODescriptor) are ignored. An EntitiesDescriptor is accepted if it holds exactly one IdP.
 */
export function parseIdpMetadata(xml: string): SamlIdentityProvider {
  if (typeof xml !== 'string' || !xml.trim()) throw new SamlError('metadata', 'The metadata is empty.')
  if (Buffer.byteLength(xml, 'utf8') > MAX_METADATA_BYTES) throw new SamlError('too_large', 'The metadata is larger than 512 KB.')
  const doc = parseUntrustedXml(xml.replace(/^\uFEFF/, ''), 'metadata')
  const root = doc.documentElement

  let entity: Element
  if (isElement(root, ns.metadata, 'EntityDescriptor')) entity = root
  else if (isElement(root, ns.metadata, 'EntitiesDescriptor')) {
    const idps = allElements(doc).filter((el) => isElement(el, ns.metadata, 'EntityDescriptor') && idpDescriptor(el))
    if (idps.length !== 1) {
      const message = `The metadata describes ${idps.length} identity providers; provide the metadata of exactly one.`
      throw new SamlError('metadata', message)
    }
    entity = idps[0]!
  } else throw new SamlError('metadata', 'This is not SAML 2.0 metadata (expected an EntityDescriptor).')

  const entityId = attribute(entity, 'entityID')?.trim()
  if (!entityId) throw new SamlError('metadata', 'The metadata has no entityID.')
  if (entityId.length > 1024) throw new SamlError('metadata', 'The metadata entityID is too long.')

  const descriptor = idpDescriptor(entity)
  if (!descriptor) {
    throw new SamlError('metadata', 'The metadata has no SAML 2.0 IDPSSODescriptor (is this service-provider metadata?).')
  }

  const services = children(descriptor, ns.metadata, 'SingleSignOnService')
  const withBinding = (binding: string) => services.find((s) => attribute(s, 'Binding') === binding)
  const service = withBinding(bindings.redirect) ?? withBinding(bindings.post)
  const location = service && attribute(service, 'Location')?.trim()
  if (!location) throw new SamlError('metadata', 'The metadata has no HTTP-Redirect or HTTP-POST SingleSignOnService location.')
  const ssoUrl = validateSsoUrl(location)

  const certificates: string[] = []
  for (const key of children(descriptor, ns.metadata, 'KeyDescriptor')) {
    const use = attribute(key, 'use')
    if (use !== null && use !== 'signing') continue
    for (const info of children(key, ns.dsig, 'KeyInfo')) {
      for (const data of children(info, ns.dsig, 'X509Data')) {
        for (const cert of children(data, ns.dsig, 'X509Certificate')) {
          const pem = normaliseCertificate(text(cert))
          if (!certificates.includes(pem)) certificates.push(pem)
        }
      }
    }
  }
  if (!certificates.length) throw new SamlError('metadata', 'The metadata has no signing certificate for the identity provider.')

  return { entityId, ssoUrl, certificates }
}

function idpDescriptor(entity: Element): Element | undefined {
  return children(entity, ns.metadata, 'IDPSSODescriptor').find((d) =>
    (attribute(d, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(ns.protocol),
  )
}

/**
 * Our SP metadata for the IdP admin to import. AuthnRequestsSigned="false": requests go unsigned over
 * HTTP-Redirect (see README); WantAssertionsSigned="true" advertises that we need signed assertions.
 */
export function serviceProviderMetadata(sp: SamlServiceProvider): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="${ns.metadata}" entityID="${escapeXml(sp.entityId)}">`,
    `  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="${ns.protocol}">`,
    `    <md:NameIDFormat>${NAMEID_EMAIL}</md:NameIDFormat>`,
    `    <md:AssertionConsumerService Binding="${bindings.post}" Location="${escapeXml(sp.acsUrl)}" index="0" isDefault="true"/>`,
    '  </md:SPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n')
}
