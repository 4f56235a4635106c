import { contacts } from './company'

/**
 * /.well-known/security.txt (RFC 9116). The file must carry an Expires date
 * less than a year ahead; we publish about 180 days ahead, counted from the
 * start of the current UTC day so the body (and its ETag) changes once a day
 * rather than on every request.
 */
export const securityTxtValidityDays = 180

export function securityTxtExpiry(now: Date): Date {
  const startOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return new Date(startOfDay + securityTxtValidityDays * 86_400_000)
}

export function securityTxt(options: { baseUrl: string; now: Date }): string {
  const { baseUrl, now } = options
  const policy = `${baseUrl}/trust/disclosure`
  return [
    '# Security contact for Hireproof. Please read the policy before testing.',
    `Contact: mailto:${contacts.security}`,
    `Contact: ${policy}`,
    `Expires: ${securityTxtExpiry(now).toISOString()}`,
    'Preferred-Languages: en',
    `Canonical: ${baseUrl}/.well-known/security.txt`,
    `Policy: ${policy}`,
    `Acknowledgments: ${policy}#acknowledgements`,
    '',
  ].join('\n')
}

/** Fields of a security.txt body, for tests and tooling: name -> values in order. */
export function parseSecurityTxt(body: string): Map<string, string[]> {
  const fields = new Map<string, string[]>()
  for (const line of body.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()])
  }
  return fields
}
