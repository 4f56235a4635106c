import { json } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { assertCsrfHeader, uploadedFileName } from './forms.server'

type BodyStream = { values(options: { preventCancel: boolean }): AsyncIterable<Uint8Array> }

export type UploadedRequest = { fileName: string; declaredBytes?: number; body: AsyncIterable<Uint8Array> }

/**
 * The action of an upload route: the file is the request body, sent by the
 * page's script (FileUpload) with the CSRF token in X-CSRF-Token and the
 * original name in X-File-Name. `store` hands it to the procedure that
 * streams it. Answers 201 with the result, or the error as { error } JSON.
 */
export async function handleUpload(request: Request, store: (upload: UploadedRequest) => Promise<unknown>) {
  if (request.method !== 'POST') return json({ error: 'Use POST to upload.' }, { status: 405, headers: { Allow: 'POST' } })
  assertCsrfHeader(request)
  if (!request.body) return json({ error: 'Send the file as the request body.' }, { status: 400 })
  const length = request.headers.get('content-length')
  try {
    const result = await store({
      fileName: uploadedFileName(request),
      declaredBytes: length && /^\d+$/.test(length) ? Number(length) : undefined,
      // Not cancelled when the upload is refused after its first bytes: cancelling resets the connection before the
      // answer can be sent. The unread rest is dropped after the answer instead (server/http/unread-body.ts).
      body: (request.body as unknown as BodyStream).values({ preventCancel: true }),
    })
    return json(result, { status: 201 })
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error
    const status = getHTTPStatusCodeFromError(error)
    if (status >= 500) throw error
    return json({ error: error.message }, { status })
  }
}
