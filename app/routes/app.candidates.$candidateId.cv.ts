import type { ActionFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { getApi } from '~/utils/api.server'
import { assertCsrfHeader, uploadedFileName } from '~/utils/forms.server'

/** POST: a CV upload, the file as the request body (see FileUpload), streamed by candidate.uploadCv. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return json({ error: 'Use POST to upload a CV.' }, { status: 405, headers: { Allow: 'POST' } })
  assertCsrfHeader(request)
  if (!request.body) return json({ error: 'Send the file as the request body.' }, { status: 400 })
  const { api } = await getApi(request, context)
  const length = request.headers.get('content-length')
  try {
    const document = await api.candidate.uploadCv({
      candidateId: params.candidateId ?? '',
      fileName: uploadedFileName(request),
      declaredBytes: length && /^\d+$/.test(length) ? Number(length) : undefined,
      body: request.body as unknown as AsyncIterable<Uint8Array>,
    })
    return json(document, { status: 201 })
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error
    const status = getHTTPStatusCodeFromError(error)
    if (status >= 500) throw error
    return json({ error: error.message }, { status })
  }
}
