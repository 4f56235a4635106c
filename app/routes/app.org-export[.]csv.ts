import type { LoaderFunctionArgs } from '@remix-run/node'
import { orgExportResponse } from '~/utils/org-export.server'

/** GET: the whole organization's data as CSV (the link on the privacy page). */
export const loader = ({ request, context }: LoaderFunctionArgs) => orgExportResponse(request, context, 'csv')
