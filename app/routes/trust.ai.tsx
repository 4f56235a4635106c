import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import type { RouteHandle } from '~/root'
import { aiIntro, aiRevision, aiSections, aiTasks, type AiTask } from '../../trust/ai'
import { claims } from '../../trust/claims'
import { ClaimList } from '../../trust/components/Status'
import { Blocks, PageIntro } from '../../trust/components/Text'
import { trustHeaders, trustMeta } from '../../trust/http'
import { etagFor, revalidate } from '~/utils/trust.server'

export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const meta: MetaFunction = () =>
  trustMeta('AI use', 'Which AI models Hireproof uses for what, how scores are grounded in evidence, and our EU AI Act and NYC Local Law 144 posture.')

export async function loader({ request }: LoaderFunctionArgs) {
  const headers = revalidate(request, etagFor('ai', aiIntro, aiTasks, aiSections, claims, aiRevision))
  return json(null, { headers })
}

const aspects: { key: Exclude<keyof AiTask, 'task'>; label: string }[] = [
  { key: 'byDefault', label: 'By default' },
  { key: 'optional', label: 'Optional, off until an admin enables it' },
  { key: 'dataSent', label: 'Data sent to the optional provider' },
  { key: 'terms', label: 'Provider terms' },
]

export default function TrustAi() {
  return (
    <>
      <PageIntro title="AI use" revision={aiRevision} />
      <div className="trust-summary">
        <Blocks blocks={aiIntro} />
      </div>

      <nav className="doc-toc" aria-label="Sections of this page">
        <p className="doc-toc__title">Contents</p>
        <ol>
          <li>
            <a href="#engines">Which engine does what</a>
          </li>
          {aiSections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{section.heading}</a>
            </li>
          ))}
        </ol>
      </nav>

      <section aria-labelledby="engines" className="trust-section">
        <h2 id="engines">Which engine does what</h2>
        <div className="table-scroll" role="region" aria-label="AI engines by task (table)" tabIndex={0}>
          <table className="ai-table">
            <caption>AI engines by task: the default, the optional providers, and what they receive</caption>
            <thead>
              <tr>
                <td />
                {aiTasks.map((task) => (
                  <th key={task.task} scope="col">
                    {task.task}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {aspects.map((aspect) => (
                <tr key={aspect.key}>
                  <th scope="row">{aspect.label}</th>
                  {aiTasks.map((task) => (
                    <td key={task.task}>{task[aspect.key]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {aiSections.map((section) => (
        <section key={section.id} aria-labelledby={section.id} className="trust-section">
          <h2 id={section.id}>{section.heading}</h2>
          <Blocks blocks={section.body} />
          {section.claims ? <ClaimList ids={section.claims} /> : null}
        </section>
      ))}
    </>
  )
}
