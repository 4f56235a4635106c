import type { AppLoadContext } from '@remix-run/node'
import { getApi } from './api.server'
import { actionError, loaderError } from './errors.server'
import { getDatabase } from '../../server/db'
import { getEnv } from '../../server/env'
import { auditCsv, auditNdjson, toReadableStream } from '../../server/audit/export'
import { getAuditSigningKey } from '../../server/audit/signing-key'
import { createDailyCheckpoints } from '../../server/audit/checkpoint'

/**
 * Streams the audit log of the caller's organization as CSV or NDJSON. The
 * permission check and the "audit.exported" event happen in the
 * audit.beginExport procedure; this only turns the stream into a download.
 */
export async function auditExportResponse(request: Request, context: AppLoadContext, format: 'csv' | 'ndjson') {
  const { api } = await getApi(request, context)
  const filters = Object.fromEntries(new URL(request.url).searchParams)
  let authorized
  try {
    authorized = await api.audit.beginExport({ ...filters, format } as never)
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'BAD_REQUEST') return actionError(error)
    return loaderError(error, request)
  }
  const db = await getDatabase()
  const key = getAuditSigningKey(getEnv())
  if (key) await createDailyCheckpoints(db, key, { orgId: authorized.orgId })
  const chunks =
    format === 'csv'
      ? auditCsv(db, { orgId: authorized.orgId, filters: authorized.filters })
      : auditNdjson(db, {
          orgId: authorized.orgId,
          filters: authorized.filters,
          publicKeyPem: key?.publicKeyPem ?? null,
        })
  const stamp = new Date().toISOString().slice(0, 10)
  return new Response(toReadableStream(chunks), {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${authorized.orgId}-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
    },
  })
}
