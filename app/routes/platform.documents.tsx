import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormError, SecureForm } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionError, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: 'Document requests · Platform console · Hireproof' }]

const statuses = ['pending', 'approved', 'denied'] as const
type Status = (typeof statuses)[number]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  const requested = new URL(request.url).searchParams.get('status') ?? 'pending'
  const status = (statuses as readonly string[]).includes(requested) ? (requested as Status) : undefined
  try {
    return json({ requests: await api.platform.documentRequests({ status }), status: status ?? 'all' })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  try {
    const decision = String(form.get('decision') ?? '') as 'approve' | 'deny'
    const result = await api.platform.decideDocumentRequest({
      requestId: String(form.get('requestId') ?? ''),
      decision,
      note: String(form.get('note') ?? '') || undefined,
    })
    return json<ActionErrors & { message?: string }>({
      message:
        result.status === 'approved'
          ? `Approved. The requester was emailed a download link that works until ${result.expiresAt!.toUTCString()}.`
          : 'Denied. The requester was told by email.',
    })
  } catch (error) {
    return actionError(error)
  }
}

export default function PlatformDocuments() {
  const { requests, status } = useLoaderData<typeof loader>()
  const result = useActionData<ActionErrors & { message?: string }>()
  const [params] = useSearchParams()
  return (
    <>
      <h1>Document requests</h1>
      <p className="hint">
        Trust-center visitors ask for gated documents under the NDA shown on <a href="/trust/documents">/trust/documents</a>. Approving
        emails a personal link; every download is a PDF watermarked with the requester’s identity and is logged.
      </p>
      <nav aria-label="Filter by status" className="tabs">
        {[...statuses, 'all'].map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={status === s || (!params.get('status') && s === 'pending') ? 'page' : undefined}>
            {s[0]!.toUpperCase() + s.slice(1)}
          </Link>
        ))}
      </nav>
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />
      {requests.length === 0 ? <p className="empty">No {status === 'all' ? '' : `${status} `}requests.</p> : null}
      {requests.map((r) => (
        <article key={r.id} className="card" aria-labelledby={`request-${r.id}`} style={{ marginBottom: 16 }}>
          <h2 id={`request-${r.id}`}>
            {r.documentTitle} for {r.company}
          </h2>
          <dl className="facts">
            <dt>Requested by</dt>
            <dd>
              {r.name} &lt;{r.email}&gt;
            </dd>
            <dt>Requested</dt>
            <dd>
              {new Date(r.createdAt).toUTCString()} from {r.ip}
            </dd>
            <dt>NDA accepted</dt>
            <dd>
              version {r.ndaVersion}, SHA-256 <code>{r.ndaSha256.slice(0, 16)}…</code>
            </dd>
            <dt>Status</dt>
            <dd>
              {r.status}
              {r.decidedAt ? ` on ${new Date(r.decidedAt).toUTCString()}` : ''}
              {r.decisionNote ? `: ${r.decisionNote}` : ''}
            </dd>
            {r.status === 'approved' ? (
              <>
                <dt>Downloads</dt>
                <dd>
                  {r.downloadCount}
                  {r.lastDownload ? `, last ${new Date(r.lastDownload.downloadedAt).toUTCString()} from ${r.lastDownload.ip}` : ''}
                  {r.downloadExpiresAt ? `; link valid until ${new Date(r.downloadExpiresAt).toUTCString()}` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          {r.status === 'pending' ? (
            <div className="inline-forms">
              <SecureForm aria-label={`Approve the request from ${r.email}`}>
                <input type="hidden" name="requestId" value={r.id} />
                <input type="hidden" name="decision" value="approve" />
                <button type="submit" className="button primary">
                  Approve
                </button>
              </SecureForm>
              <SecureForm aria-label={`Deny the request from ${r.email}`}>
                <input type="hidden" name="requestId" value={r.id} />
                <input type="hidden" name="decision" value="deny" />
                <label htmlFor={`note-${r.id}`}>Note to the requester (optional)</label>
                <input id={`note-${r.id}`} name="note" maxLength={1000} />
                <button type="submit" className="button">
                  Deny
                </button>
              </SecureForm>
            </div>
          ) : null}
        </article>
      ))}
    </>
  )
}
