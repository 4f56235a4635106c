import type { ActionFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { getApi } from '~/utils/api.server'
import { assertCsrfHeader, uploadedFileName } from '~/utils/forms.server'

/**
 * POST: the recording upload. The body is the file itself (sent by the page's
 * script so it can show progress), streamed to storage by
 * interview.uploadRecording; X-File-Name carries the original name.
 * GET is served by server/http/recording-playback.ts (streamed with backpressure).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return json({ error: 'Use POST to upload a recording.' }, { status: 405, headers: { Allow: 'GET, POST' } })
  assertCsrfHeader(request)
  if (!request.body) return json({ error: 'Send the file as the request body.' }, { status: 400 })
  const { api } = await getApi(request, context)
  const length = request.headers.get('content-length')
  try {
    const recording = await api.interview.uploadRecording({
      interviewId: params.interviewId ?? '',
      fileName: uploadedFileName(request),
      declaredBytes: length && /^\d+$/.test(length) ? Number(length) : undefined,
      engine: (request.headers.get('x-transcription-engine') || undefined) as 'local' | undefined,
      body: request.body as unknown as AsyncIterable<Uint8Array>,
    })
    return json(recording, { status: 201 })
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error
    const status = getHTTPStatusCodeFromError(error)
    if (status >= 500) throw error
    return json({ error: error.message }, { status })
  }
}
