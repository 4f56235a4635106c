import type { AppLoadContext } from '@remix-run/node'
import { getApi } from './api.server'
import { loaderError } from './errors.server'
import { getDatabase } from '../../server/db'
import { toReadableStream } from '../../server/audit/export'
import { accountExportCsv, accountExportJson } from '../../server/services/accounts/account-export'

/** Streams the signed-in user's own data as a download, after account.beginExport authorised and audited it. */
export async function accountExportResponse(request: Request, context: AppLoadContext, format: 'json' | 'csv') {
  const { api } = await getApi(request, context)
  let userId
  try {
    ;({ userId } = await api.account.beginExport({ format }))
  } catch (error) {
    return loaderError(error, request)
  }
  const db = await getDatabase()
  const stamp = new Date().toISOString().slice(0, 10)
  return new Response(toReadableStream(format === 'json' ? accountExportJson(db, userId) : accountExportCsv(db, userId)), {
    headers: {
      'Content-Type': format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="hireproof-account-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
    },
  })
}
