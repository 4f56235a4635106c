// The trust center's server-only helpers (Node built-ins: fs, crypto), reached
// through this .server module so the classic compiler keeps them out of the
// browser bundle.
export { cachedResource, etagFor, revalidate } from '../../trust/http.server'
export { loadDocument } from '../../trust/markdown.server'
export { loadDpa } from '../../trust/documents.server'
