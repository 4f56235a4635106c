import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'
import { UpgradeNotice } from '~/components/upgrade-notice'

export const meta: MetaFunction = () => [{ title: 'IP allowlist · Hireproof' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    return json(await api.ipAllowlist.get())
  } catch (error) {
    return loaderError(error, request)
  }
}

/** One entry per line: an address or CIDR range, optionally followed by a label. */
function parseLines(text: string) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [cidr = '', ...label] = line.split(/\s+/)
      return { cidr, label: label.join(' ') }
    })
}

type Result = ActionErrors & { message?: string; text?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const text = String(form.get('entries') ?? '')
  const { api } = await getApi(request, context)
  try {
    const { entries } = await api.ipAllowlist.replace({ entries: parseLines(text) })
    return json<Result>({
      message: entries.length === 0 ? 'Saved: every network may reach your organization.' : `Saved: ${entries.length} allowed network${entries.length === 1 ? '' : 's'}.`,
    })
  } catch (error) {
    return actionErrorWith(error, { text })
  }
}

export default function IpAllowlist() {
  const { entries, yourAddress, available } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const current = entries.map((e) => `${e.cidr}${e.label ? ` ${e.label}` : ''}`).join('\n')
  return (
    <>
      <h1>IP allowlist</h1>
      <p className="hint">
        When the list has entries, your organization accepts requests only from those networks: pages, the API and exports, for
        members and for Hireproof support alike. Refused requests are recorded in the audit log. Your address as we see it is{' '}
        <strong>{yourAddress}</strong>.
      </p>
      {!available ? <UpgradeNotice feature="The IP allowlist" className="empty" /> : null}
      {!available && entries.length > 0 ? (
        // After leaving the Enterprise plan the list still applies; removing it stays possible.
        <SecureForm aria-label="Remove the IP allowlist">
          <input type="hidden" name="entries" value="" />
          <SubmitButton className="button">Remove the allowlist (let every network in)</SubmitButton>
        </SecureForm>
      ) : null}
      {result?.message ? <p role="status">{result.message}</p> : null}
      <FormError message={result?.formError} />
      <SecureForm aria-label="IP allowlist" className="card stack">
        <div className="field">
          <label htmlFor="entries">Allowed networks, one per line (address or CIDR, then an optional label)</label>
          <textarea
            id="entries"
            name="entries"
            rows={8}
            defaultValue={result?.text ?? current}
            placeholder={`203.0.113.0/24 Office\n2001:db8::/32 VPN`}
            aria-describedby="entries-hint"
            spellCheck={false}
            disabled={!available}
          />
          <p className="hint" id="entries-hint">
            IPv4 and IPv6 are both supported. An empty list lets every network in. A list without your own address is refused, so you
            cannot lock yourself out.
          </p>
        </div>
        {available ? <SubmitButton>Save allowlist</SubmitButton> : null}
      </SecureForm>
    </>
  )
}
