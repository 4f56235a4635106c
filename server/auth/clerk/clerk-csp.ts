/**
 * What the Content-Security-Policy must also allow when Clerk's browser code
 * runs (Clerk's documented directives): its Frontend API (where clerk-js
 * loads from and talks to), Cloudflare's bot check, avatar images, workers
 * and its runtime CSS-in-JS styles. Merge into server/http/security-headers.ts
 * only when env.clerk is set; the built-in accounts need none of it.
 */
export type CspAdditions = Record<'script-src' | 'connect-src' | 'img-src' | 'worker-src' | 'style-src' | 'frame-src', string[]>

/** The Frontend API host a publishable key names: pk_<env>_ + base64("<host>$"). */
export function clerkFrontendApiHost(publishableKey: string): string | null {
  const encoded = publishableKey.match(/^pk_(?:test|live)_(.+)$/)?.[1]
  const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : ''
  return decoded.endsWith('$') && decoded.length > 1 ? decoded.slice(0, -1) : null
}

export function clerkCspAdditions(publishableKey: string): CspAdditions {
  const host = clerkFrontendApiHost(publishableKey)
  const frontendApi = host ? [`https://${host}`] : []
  const botCheck = 'https://challenges.cloudflare.com'
  return {
    'script-src': [...frontendApi, botCheck],
    'connect-src': frontendApi,
    'img-src': ['https://img.clerk.com'],
    'worker-src': ["'self'", 'blob:'],
    'style-src': ["'unsafe-inline'"],
    'frame-src': [botCheck],
  }
}
