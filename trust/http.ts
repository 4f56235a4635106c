import type { HeadersFunction, MetaDescriptor } from '@remix-run/node'

/**
 * HTTP conventions shared by every trust-center route. Pages are public and
 * identical for every visitor, so shared caches may keep them for five
 * minutes and then revalidate with the ETag (see trust/http.server.ts).
 */
export const trustCacheControl = 'public, max-age=300'

const forwarded = ['ETag', 'Cache-Control'] as const

/**
 * The `headers` export of every trust route (and of the layout, which is the
 * route Remix asks when a child answers 304). Remix applies only the leaf's
 * headers function, so the loader's caching headers must be copied here.
 */
export const trustHeaders: HeadersFunction = ({ loaderHeaders, errorHeaders, parentHeaders }) => {
  const source = [errorHeaders, loaderHeaders, parentHeaders].find((h) => h?.has('ETag'))
  const headers = new Headers()
  if (source) for (const name of forwarded) if (source.has(name)) headers.set(name, source.get(name)!)
  return headers
}

export function trustMeta(title: string, description: string): MetaDescriptor[] {
  return [
    { title: `${title} · Hireproof Trust Center` },
    { name: 'description', content: description },
    { name: 'robots', content: 'index, follow' },
  ]
}
