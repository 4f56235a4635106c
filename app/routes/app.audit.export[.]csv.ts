import type { LoaderFunctionArgs } from '@remix-run/node'
import { auditExportResponse } from '~/utils/audit-export.server'

export const loader = ({ request, context }: LoaderFunctionArgs) => auditExportResponse(request, context, 'csv')
