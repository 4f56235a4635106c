import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { DOMParser } from '@xmldom/xmldom'
import type { TestIdp } from './saml-idp'

/**
 * The test IdP over HTTP for end-to-end tests. Every request signs the user in at once:
 * - GET /sso?SAMLRequest=…&RelayState=…: SP-initiated (HTTP-Redirect AuthnRequest), answered with an
 *   auto-submitting HTTP-POST form to the request's AssertionConsumerServiceURL, InResponseTo = its ID;
 * - GET /idp-initiated?acs=…&audience=…[&RelayState=…]: the same without InResponseTo.
 * Responses and assertions are both signed. Starting the server points idp.ssoUrl at /sso.
 */
export type TestIdpUser = { email: string; firstName: string; lastName: string }

export async function startTestIdpServer(
  idp: TestIdp,
  options: { user: TestIdpUser; port?: number },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed')
      if (url.pathname === '/sso') {
        const encoded = url.searchParams.get('SAMLRequest')
        if (!encoded) return send(res, 400, 'Missing SAMLRequest')
        const request = parseAuthnRequest(encoded)
        return postBack(res, idp, options.user, request.acsUrl, request.issuer, request.id, url.searchParams.get('RelayState'))
      }
      if (url.pathname === '/idp-initiated') {
        const acs = url.searchParams.get('acs')
        const audience = url.searchParams.get('audience')
        if (!acs || !audience) return send(res, 400, 'acs and audience are required')
        return postBack(res, idp, options.user, acs, audience, null, url.searchParams.get('RelayState'))
      }
      if (url.pathname === '/metadata') return send(res, 200, idp.metadataXml(), 'application/samlmetadata+xml')
      send(res, 404, 'Not found')
    } catch (error) {
      send(res, 400, error instanceof Error ? error.message : 'Bad request')
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  idp.ssoUrl = `${url}/sso`
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** Inflates and reads an HTTP-Redirect AuthnRequest: its ID, ACS URL and Issuer (the SP entity ID). */
export function parseAuthnRequest(encoded: string): { id: string; acsUrl: string; issuer: string; xml: string } {
  const xml = zlib.inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8')
  const doc = new DOMParser().parseFromString(xml, 'text/xml')
  const root = doc.documentElement
  if (!root || root.localName !== 'AuthnRequest') throw new Error('Not an AuthnRequest')
  const issuer = root.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]?.textContent?.trim()
  const id = root.getAttribute('ID')
  const acsUrl = root.getAttribute('AssertionConsumerServiceURL')
  if (!id || !acsUrl || !issuer) throw new Error('AuthnRequest lacks ID, AssertionConsumerServiceURL or Issuer')
  return { id, acsUrl, issuer, xml }
}

function postBack(
  res: http.ServerResponse,
  idp: TestIdp,
  user: TestIdpUser,
  acsUrl: string,
  audience: string,
  inResponseTo: string | null,
  relayState: string | null,
): void {
  const { base64 } = idp.response({
    acsUrl,
    audience,
    inResponseTo,
    nameId: user.email,
    attributes: { email: user.email, firstName: user.firstName, lastName: user.lastName },
    signAssertion: true,
    signResponse: true,
  })
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Signing you in…</title></head>
<body>
<form method="post" action="${escapeHtml(acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(base64)}">
${relayState !== null ? `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">` : ''}
<p>Test identity provider: signing in as ${escapeHtml(user.email)}.</p>
<button type="submit">Continue</button>
</form>
<script>document.forms[0].submit()</script>
</body>
</html>`
  send(res, 200, html, 'text/html; charset=utf-8')
}

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
