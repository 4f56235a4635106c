import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { claims } from '../../trust/claims'
import { contacts } from '../../trust/company'
import { faq } from '../../trust/faq'
import { ClaimList } from '../../trust/components/Status'
import { Blocks, Highlighted, PageIntro } from '../../trust/components/Text'
import { trustHeaders, trustMeta } from '../../trust/http'
import { maxQueryLength, parseQuery, searchFaq } from '../../trust/search'
import { etagFor, revalidate } from '~/utils/trust.server'

export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const meta: MetaFunction = () =>
  trustMeta('Security FAQ', 'Answers to security questionnaire questions about Hireproof, searchable and linkable.')

/** Search runs here, on the server: the page is a plain GET form and works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(new URL(request.url).searchParams.get('q'))
  const headers = revalidate(request, etagFor('faq', faq, claims, query.text))
  if (!query.text) return json({ query, matches: null, count: 0 }, { headers })
  const { results, count } = searchFaq(faq.categories, query)
  const matches = results.flatMap((category) => category.entries.map((entry) => entry.id))
  return json({ query, matches, count }, { headers })
}

const topicId = (categoryId: string) => `topic-${categoryId}`

export default function TrustFaq() {
  const { query, matches, count } = useLoaderData<typeof loader>()
  const searching = matches !== null
  const shown = searching ? new Set(matches) : null
  const categories = faq.categories
    .map((category) => ({ ...category, entries: category.entries.filter((entry) => !shown || shown.has(entry.id)) }))
    .filter((category) => category.entries.length > 0)
  const terms = query.terms

  return (
    <>
      <PageIntro
        title="Security FAQ"
        lede="Answers to the questions security and procurement reviews ask most. Every answer has a permanent link you can quote."
        revision={faq.revision}
      />

      <form method="get" action="/trust/faq" role="search" className="faq-search" aria-label="Search the FAQ">
        <label htmlFor="faq-q">Search the FAQ</label>
        <div className="faq-search__row">
          <input id="faq-q" type="search" name="q" defaultValue={query.text} maxLength={maxQueryLength} placeholder="e.g. encryption, SSO, GDPR" />
          <button type="submit" className="button primary">
            Search
          </button>
          {searching ? (
            <a className="button" href="/trust/faq">
              Clear
            </a>
          ) : null}
        </div>
      </form>

      {searching ? (
        count > 0 ? (
          <p className="faq-result-count">
            {count === 1 ? '1 answer matches' : `${count} answers match`} “{query.text}”.
          </p>
        ) : (
          <div className="trust-empty">
            <p className="trust-empty__title">No answers match “{query.text}”.</p>
            <p>
              Try a shorter or more general word, such as “encryption”, “backup” or “GDPR”, or{' '}
              <a href="/trust/faq">browse all questions</a>. You can also ask us at{' '}
              <a href={`mailto:${contacts.security}`}>{contacts.security}</a>.
            </p>
          </div>
        )
      ) : (
        <nav className="faq-topics" aria-label="FAQ topics">
          <ul>
            {faq.categories.map((category) => (
              <li key={category.id}>
                <a href={`#${topicId(category.id)}`}>{category.title}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {categories.map((category) => (
        <section key={category.id} className="faq-topic" aria-labelledby={topicId(category.id)}>
          <h2 id={topicId(category.id)}>
            <Highlighted text={category.title} terms={terms} />
          </h2>
          {category.entries.map((entry) => (
            <article key={entry.id} id={entry.id} className="faq-entry" aria-labelledby={`${entry.id}-q`}>
              <h3 id={`${entry.id}-q`}>
                <Highlighted text={entry.question} terms={terms} />
              </h3>
              <Blocks blocks={entry.answer} terms={terms} />
              {entry.claims ? <ClaimList ids={entry.claims} /> : null}
              <p className="faq-permalink">
                <a href={`/trust/faq#${entry.id}`} aria-label={`Link to this answer: ${entry.question}`}>
                  Link to this answer
                </a>
              </p>
            </article>
          ))}
        </section>
      ))}
    </>
  )
}
