import type { ActionFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { analyticsConsentSetCookie } from '~/utils/cookie-consent.server'
import { readForm, safeRedirectPath } from '~/utils/forms.server'

/**
 * POST: the browser's answer to the analytics cookie question (the banner in
 * the app, or the account's privacy page), then back where it was asked.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const choice = form.get('analytics')
  if (choice !== 'granted' && choice !== 'denied') {
    return json({ formError: 'Choose whether to allow analytics cookies.' }, { status: 400 })
  }
  return redirect(safeRedirectPath(form.get('returnTo')), {
    headers: { 'Set-Cookie': analyticsConsentSetCookie(choice) },
  })
}

export const loader = () => redirect('/app')
