import { json } from '@remix-run/node'
import { csrfCookieName, readCookie } from '../../server/auth/cookies'
import { timingSafeEqualStrings } from '../../server/auth/tokens'
import { getEnv } from '../../server/env'

export const csrfFieldName = 'csrf'

/**
 * Reads a posted form after checking its CSRF token (double submit: the hidden
 * field must equal the HttpOnly cookie set by the server). Every action reads
 * its form through here.
 */
export async function readForm(request: Request): Promise<FormData> {
  const form = await request.formData().catch(() => {
    throw json({ formError: 'The form could not be read' }, { status: 400 })
  })
  const cookieToken = readCookie(request, csrfCookieName(getEnv().secureCookies))
  const fieldToken = form.get(csrfFieldName)
  if (!cookieToken || typeof fieldToken !== 'string' || !timingSafeEqualStrings(cookieToken, fieldToken)) {
    throw json({ formError: 'Your session form expired. Reload the page and try again.' }, { status: 403 })
  }
  return form
}

/**
 * The same double-submit check for requests that are not forms (uploads sent
 * by script): the token travels in the X-CSRF-Token header.
 */
export function assertCsrfHeader(request: Request) {
  const cookieToken = readCookie(request, csrfCookieName(getEnv().secureCookies))
  const headerToken = request.headers.get('x-csrf-token')
  if (!cookieToken || !headerToken || !timingSafeEqualStrings(cookieToken, headerToken)) {
    throw json({ error: 'Your session form expired. Reload the page and try again.' }, { status: 403 })
  }
}

/** The original file name of a script upload (X-File-Name, URI-encoded); '' when absent or malformed. */
export function uploadedFileName(request: Request) {
  const header = request.headers.get('x-file-name')
  if (!header) return ''
  try {
    return decodeURIComponent(header)
  } catch {
    return ''
  }
}

/** The token for forms rendered on this request. */
export function csrfTokenFor(request: Request): string {
  return readCookie(request, csrfCookieName(getEnv().secureCookies)) ?? ''
}

/**
 * Form fields as strings (files and repeated fields are not used by these
 * forms). Typed loosely on purpose: the procedure's zod schema validates them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function formFields(form: FormData): any {
  const fields: Record<string, string> = {}
  for (const [key, value] of form) if (typeof value === 'string' && key !== csrfFieldName) fields[key] = value
  return fields
}

export { safeRedirectPath } from '../../server/http/safe-redirect'
