import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import type { RouteHandle } from '~/root'
import { contacts } from '../../trust/company'
import { DateText, PageIntro, Prose } from '../../trust/components/Text'
import { currentNda, downloadLinkDays, gatedDocuments } from '../../trust/gated-documents'
import { trustHeaders, trustMeta } from '../../trust/http'
import { getApi } from '~/utils/api.server'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { etagFor, ndaForRequests, revalidate } from '~/utils/trust.server'

export const handle: RouteHandle = { hydrate: false }
// The page is public and cacheable; the answer to a request is personal and never cached.
export const headers: HeadersFunction = (args) =>
  args.actionHeaders.has('Cache-Control') ? new Headers({ 'Cache-Control': 'no-store' }) : trustHeaders(args)
export const meta: MetaFunction = () =>
  trustMeta('Security documents', 'Confidential security documents for customers and prospects, available under NDA on request.')

export async function loader({ request }: LoaderFunctionArgs) {
  const nda = await ndaForRequests()
  const data = { documents: gatedDocuments, nda: { version: nda.version, html: nda.html, sha256: nda.sha256, publishedAt: currentNda.publishedAt } }
  return json(data, { headers: revalidate(request, etagFor('documents', data)) })
}

type RequestResult = ActionErrors & { message?: string; values?: Record<string, string> }

/** A public form: no session, no cookie, rate-limited; a platform administrator decides. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const values = Object.fromEntries(['documentId', 'name', 'company', 'email'].map((k) => [k, String(form.get(k) ?? '')]))
  const { api } = await getApi(request, context)
  const noStore = { 'Cache-Control': 'no-store' }
  try {
    await api.trust.requestDocument({
      documentId: values.documentId!,
      name: values.name!,
      company: values.company!,
      email: values.email!,
      // The schema refuses anything but true, with a message.
      ndaAccepted: (form.get('ndaAccepted') === 'on') as true,
      ndaSha256: String(form.get('ndaSha256') ?? ''),
    })
  } catch (error) {
    const response = actionError(error)
    const body = (await response.json()) as ActionErrors
    return json<RequestResult>({ ...body, values }, { status: response.status, headers: { ...noStore, ...Object.fromEntries(response.headers) } })
  }
  return json<RequestResult>(
    {
      message: `Thank you, ${values.name}. We review requests within two business days. If we approve, we email a download link to ${values.email} that works for ${downloadLinkDays} days.`,
    },
    { headers: noStore },
  )
}

export default function SecurityDocuments() {
  const { documents, nda } = useLoaderData<typeof loader>()
  const result = useActionData<RequestResult>()
  const values = result?.values ?? {}
  const error = (field: string) => result?.fieldErrors?.[field]
  return (
    <>
      <PageIntro
        title="Security documents"
        lede="Some documents go deeper than this site and are shared under a confidentiality agreement. Request one below; we review every request and email a personal download link."
      />

      <section aria-labelledby="available" className="trust-section">
        <h2 id="available">Available on request</h2>
        <ul className="change-cards">
          {documents.map((doc) => (
            <li key={doc.id} className="change-card" id={`doc-${doc.id}`}>
              <p className="change-card__title">{doc.title}</p>
              <p>{doc.summary}</p>
              <p className="trust-meta">
                Published <DateText date={doc.publishedAt} />. PDF, marked with your name on every page.
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="request" className="trust-section">
        <h2 id="request">Request a document</h2>
        {result?.message ? (
          <p role="status" className="callout">
            {result.message}
          </p>
        ) : null}
        {result?.formError ? (
          <p role="alert" className="form-error">
            {result.formError}
          </p>
        ) : null}
        <form method="post" action="/trust/documents#request" className="request-form" aria-label="Request a security document">
          <fieldset>
            <legend>Document</legend>
            {documents.map((doc, index) => (
              <label key={doc.id} className="choice">
                <input
                  type="radio"
                  name="documentId"
                  value={doc.id}
                  required
                  defaultChecked={values.documentId ? values.documentId === doc.id : index === 0}
                />{' '}
                {doc.title}
              </label>
            ))}
            {error('documentId') ? <p className="form-error">{error('documentId')}</p> : null}
          </fieldset>
          {(
            [
              ['name', 'Your name', 'name', 'text'],
              ['company', 'Company', 'organization', 'text'],
              ['email', 'Work email', 'email', 'email'],
            ] as const
          ).map(([name, label, autoComplete, type]) => (
            <div key={name} className="request-field">
              <label htmlFor={`request-${name}`}>{label}</label>
              <input
                id={`request-${name}`}
                name={name}
                type={type}
                autoComplete={autoComplete}
                required
                maxLength={name === 'email' ? 254 : 160}
                defaultValue={values[name] ?? ''}
                aria-invalid={error(name) ? true : undefined}
                aria-describedby={error(name) ? `request-${name}-error` : undefined}
              />
              {error(name) ? (
                <p className="form-error" id={`request-${name}-error`}>
                  {error(name)}
                </p>
              ) : null}
            </div>
          ))}
          <div className="nda" role="region" aria-label={`Confidentiality terms, version ${nda.version}`} tabIndex={0}>
            <Prose html={nda.html} className="doc-body" />
          </div>
          <p className="trust-meta">
            Version {nda.version}, published <DateText date={nda.publishedAt} />. Fingerprint (SHA-256): <code>{nda.sha256}</code>
          </p>
          <input type="hidden" name="ndaSha256" value={nda.sha256} />
          <label className="choice">
            <input type="checkbox" name="ndaAccepted" required aria-describedby={error('ndaAccepted') ? 'nda-error' : undefined} /> I accept
            these confidentiality terms for myself and the company named above.
          </label>
          {error('ndaAccepted') ? (
            <p className="form-error" id="nda-error">
              {error('ndaAccepted')}
            </p>
          ) : null}
          <button type="submit">Request access</button>
        </form>
        <p className="trust-meta">
          We keep your request, the terms you accepted and a record of each download. Questions:{' '}
          <a href={`mailto:${contacts.security}`}>{contacts.security}</a>.
        </p>
      </section>
    </>
  )
}
