import type { ActionFunctionArgs } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { handleUpload } from '~/utils/upload.server'

/**
 * POST: one take of a video answer, sent by the candidate's page as the
 * request body (X-Question-Id names the question, X-Duration-Ms the length
 * the browser measured), streamed by videoInterview.recordTake.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleUpload(request, async (upload) => {
    const { api } = await getApi(request, context)
    const duration = Number(request.headers.get('x-duration-ms'))
    return api.videoInterview.recordTake({
      token: params.token ?? '',
      questionId: request.headers.get('x-question-id') ?? '',
      durationMs: Number.isInteger(duration) && duration >= 0 ? duration : undefined,
      declaredBytes: upload.declaredBytes,
      body: upload.body,
    })
  })
}
