// The trust center's server-only helpers (Node built-ins: fs, crypto), reached
// through this .server module so the classic compiler keeps them out of the
// browser bundle.
export { cachedResource, etagFor, revalidate } from '../../trust/http.server'
export { loadDocument } from '../../trust/markdown.server'
export { loadDpa } from '../../trust/documents.server'

/** The sub-processor list with the announcements made since the last deploy (cached per process). */
export async function subprocessorRegistry() {
  const { getDatabase } = await import('../../server/db')
  const { loadSubprocessorRegistry } = await import('../../server/services/trust/subprocessor-registry')
  return loadSubprocessorRegistry(await getDatabase())
}

/** The NDA a gated-document request accepts, with its fingerprint. */
export async function ndaForRequests() {
  const { ndaInForce } = await import('../../server/services/trust/gated-documents')
  return ndaInForce()
}
