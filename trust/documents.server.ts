import { json } from '@remix-run/node'
import { dpaInForce, dpaVersions, findDpaVersion } from './documents'
import { etagFor } from './http.server'
import { loadDocument } from './markdown.server'

/**
 * The DPA version a request asks for (`?version=1.0`), or the one in force.
 * Shared by the reading view and the printable view.
 */
export function loadDpa(request: Request, view: 'read' | 'print') {
  const requested = new URL(request.url).searchParams.get('version')
  const { current, upcoming } = dpaInForce(new Date())
  const version = requested === null || requested === '' ? current : findDpaVersion(requested)
  if (!version) {
    throw json({ message: 'There is no such version of the Data Processing Addendum.' }, { status: 404 })
  }
  const { html, headings, source } = loadDocument(version.file)
  // An older version stopped applying on the day the next newer one took effect.
  const index = dpaVersions.indexOf(version)
  const supersededAt = index > dpaVersions.indexOf(current) ? dpaVersions[index - 1]!.effectiveAt : null
  const etag = etagFor('dpa', view, version.version, source, dpaVersions, current.version, upcoming?.version ?? '')
  return {
    etag,
    data: {
      version,
      html,
      headings: headings.filter((h) => h.depth === 2),
      current: current.version,
      upcoming: upcoming ? { version: upcoming.version, effectiveAt: upcoming.effectiveAt } : null,
      supersededAt,
      versions: dpaVersions,
    },
  }
}
