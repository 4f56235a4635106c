import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { loaderError } from '~/utils/errors.server'

/** The interview's recording, transcription and analysis state, polled by the page while work runs. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json(await api.interview.progress({ interviewId: params.interviewId ?? '' }), { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    return loaderError(error, request)
  }
}
