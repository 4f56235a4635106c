import type { ActionFunctionArgs } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { handleUpload } from '~/utils/upload.server'

/** POST: a CV, streamed by candidate.uploadCv (see handleUpload). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleUpload(request, async (upload) => {
    const { api } = await getApi(request, context)
    return api.candidate.uploadCv({ candidateId: params.candidateId ?? '', ...upload })
  })
}
