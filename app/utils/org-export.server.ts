import type { AppLoadContext } from '@remix-run/node'
import { getApi } from './api.server'
import { loaderError } from './errors.server'
import { getDatabase } from '../../server/db'
import { toReadableStream } from '../../server/audit/export'
import { orgExportCsv, orgExportJson } from '../../server/services/privacy/org-export'

/** Streams the whole organization's data as a download, after privacy.beginOrgExport authorised and audited it. */
export async function orgExportResponse(request: Request, context: AppLoadContext, format: 'json' | 'csv') {
  const { api } = await getApi(request, context)
  let orgId
  try {
    ;({ orgId } = await api.privacy.beginOrgExport({ format }))
  } catch (error) {
    return loaderError(error, request)
  }
  const db = await getDatabase()
  const stamp = new Date().toISOString().slice(0, 10)
  return new Response(toReadableStream(format === 'json' ? orgExportJson(db, orgId) : orgExportCsv(db, orgId)), {
    headers: {
      'Content-Type': format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="organization-${orgId}-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
    },
  })
}
