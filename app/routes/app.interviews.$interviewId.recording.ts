import type { ActionFunctionArgs } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { handleUpload } from '~/utils/upload.server'

/**
 * POST: the interview's recording, streamed by interview.uploadRecording (see
 * handleUpload); X-Transcription-Engine picks an available engine.
 * GET is served by server/http/recording-playback.ts (streamed with backpressure).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleUpload(request, async (upload) => {
    const { api } = await getApi(request, context)
    const engine = request.headers.get('x-transcription-engine') || undefined
    return api.interview.uploadRecording({ interviewId: params.interviewId ?? '', engine: engine as 'local' | undefined, ...upload })
  })
}
