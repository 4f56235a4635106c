import type { LoaderFunctionArgs } from '@remix-run/node'
import { accountExportResponse } from '~/utils/account-export.server'

/** GET: everything we hold about the signed-in user, as JSON (access and portability). */
export const loader = ({ request, context }: LoaderFunctionArgs) => accountExportResponse(request, context, 'json')
