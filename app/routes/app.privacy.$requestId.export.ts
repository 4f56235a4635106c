import type { LoaderFunctionArgs } from '@remix-run/node'
import { getApi } from '~/utils/api.server'
import { loaderError } from '~/utils/errors.server'

/** GET ?format=json|csv: the access/portability package of a request, as a download. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  const format = new URL(request.url).searchParams.get('format') === 'csv' ? 'csv' : 'json'
  try {
    const pack = await api.privacy.export({ requestId: params.requestId ?? '' })
    return new Response(format === 'csv' ? pack.csv : pack.json, {
      headers: {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="candidate-data-${params.requestId}.${format}"`,
        'Cache-Control': 'no-store',
        // The checksum in the request's proof is the JSON's.
        ...(format === 'json' ? { 'X-Content-SHA256': pack.sha256 } : {}),
      },
    })
  } catch (error) {
    return loaderError(error, request)
  }
}
