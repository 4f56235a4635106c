import { DOMParser } from '@xmldom/xmldom'
import { SamlError } from './saml-error'

export const ns = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const

const ELEMENT_NODE = 1

/**
 * Parses XML from an untrusted party. DTDs are refused outright (no entity expansion, no external
 * entities, no billion laughs) and any parser warning or error is fatal, so a document either parses
 * cleanly or is rejected as 'malformed'.
 */
export function parseUntrustedXml(xml: string, what: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlError('malformed', `The ${what} contains a DTD, which is not allowed.`)
  let problem: string | null = null
  const note = (message: unknown) => {
    problem ??= String(message)
  }
  let doc: Document | undefined
  try {
    doc = new DOMParser({ errorHandler: { warning: note, error: note, fatalError: note } }).parseFromString(xml, 'text/xml')
  } catch (error) {
    problem ??= String(error)
  }
  if (problem !== null || !doc?.documentElement) throw new SamlError('malformed', `The ${what} is not well-formed XML.`)
  return doc
}

export function isElement(node: Node | null | undefined, namespace: string, localName: string): node is Element {
  if (!node || node.nodeType !== ELEMENT_NODE) return false
  return (node as Element).namespaceURI === namespace && (node as Element).localName === localName
}

/** Direct element children with the given namespace and local name, in document order. */
export function children(parent: Element, namespace: string, localName: string): Element[] {
  const out: Element[] = []
  for (let node = parent.firstChild; node; node = node.nextSibling) if (isElement(node, namespace, localName)) out.push(node)
  return out
}

/** The single direct child, null if absent; more than one is 'malformed' (schema allows at most one). */
export function optionalChild(parent: Element, namespace: string, localName: string, what: string): Element | null {
  const found = children(parent, namespace, localName)
  if (found.length > 1) throw new SamlError('malformed', `The ${what} has more than one ${localName} element.`)
  return found[0] ?? null
}

/** Every element of the document, in document order. */
export function allElements(doc: Document): Element[] {
  return Array.from(doc.getElementsByTagName('*'))
}

/** Attribute value or null when absent (xmldom returns '' for absent attributes from getAttribute). */
export function attribute(element: Element, name: string): string | null {
  return element.hasAttribute(name) ? element.getAttribute(name) : null
}

/**
 * Text content, trimmed. textContent concatenates all descendant text nodes, so a comment splitting the
 * text (CVE-2017-11428 style) cannot truncate the value; callers read it from canonicalised signed XML,
 * where comments are already gone.
 */
export function text(element: Element): string {
  return (element.textContent ?? '').trim()
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
}
