import type { LoaderFunctionArgs } from '@remix-run/node'
import { orgExportResponse } from '~/utils/org-export.server'

/** GET: the whole organization's data as JSON (for scripts; session-authenticated). */
export const loader = ({ request, context }: LoaderFunctionArgs) => orgExportResponse(request, context, 'json')
