import type { DocumentVersion } from '../documents'
import { DateText } from './Text'

/** The change history of a versioned document, newest first. */
export function DpaHistory({ versions, current, linkVersions }: { versions: DocumentVersion[]; current: string; linkVersions?: boolean }) {
  return (
    <div className="table-scroll" role="region" aria-label="Change history (table)" tabIndex={0}>
      <table className="history-table">
        <caption>Versions of the Data Processing Addendum and what changed</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">Effective</th>
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <th scope="row">
                {linkVersions ? <a href={`/trust/dpa?version=${encodeURIComponent(v.version)}`}>{v.version}</a> : v.version}
                {v.version === current ? <span className="history-current"> (current)</span> : null}
              </th>
              <td>
                <DateText date={v.publishedAt} />
              </td>
              <td>
                <DateText date={v.effectiveAt} />
              </td>
              <td>
                {v.changes.length === 1 ? (
                  v.changes[0]
                ) : (
                  <ul>
                    {v.changes.map((change) => (
                      <li key={change}>{change}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A table of contents built from a document's headings. */
export function DocumentToc({ headings, label, extra }: { headings: { id: string; text: string }[]; label: string; extra?: { id: string; text: string }[] }) {
  const items = [...headings, ...(extra ?? [])]
  return (
    <nav className="doc-toc" aria-label={label}>
      <p className="doc-toc__title">Contents</p>
      <ol>
        {items.map((h) => (
          <li key={h.id}>
            <a href={`#${h.id}`}>{h.text}</a>
          </li>
        ))}
      </ol>
    </nav>
  )
}
