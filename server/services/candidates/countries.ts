/**
 * Countries as ISO 3166-1 alpha-2 codes, named by the runtime's own locale
 * data (Intl.DisplayNames) rather than a list we would have to maintain.
 * Groupings (EU, UN), private-use and withdrawn codes are left out.
 */
const notCountries = new Set(['AC', 'AN', 'BU', 'CP', 'CS', 'DD', 'DG', 'EA', 'EU', 'EZ', 'FX', 'IC', 'NT', 'QO', 'SU', 'TA', 'TP', 'UN', 'XA', 'XB', 'YD', 'YU', 'ZR', 'ZZ'])

function namesIn(locale: string) {
  const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })
  const found: [string, string][] = []
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      const name = notCountries.has(code) ? undefined : names.of(code)
      if (name) found.push([code, name])
    }
  }
  return found.sort((x, y) => x[1].localeCompare(y[1], locale))
}

const english = namesIn('en')
const codes = new Set(english.map(([code]) => code))

export const isCountryCode = (value: string) => codes.has(value)

/** Code → English name, sorted by name, for selects. */
export const countryOptions: Record<string, string> = Object.fromEntries(english)

export const countryName = (code: string | null | undefined) => (code ? (countryOptions[code] ?? code) : null)
