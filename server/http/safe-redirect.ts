/**
 * Only a path on this site: anything with a control character or a
 * backslash is refused (browsers drop tabs and newlines and read "\\" as
 * "/", so "/\t/evil.example" would become "//evil.example"), and what is
 * left must resolve to this origin. Returns path, query and fragment only.
 */
export function safeRedirectPath(value: unknown, fallback = '/app'): string {
  if (typeof value !== 'string' || value.length > 2048 || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback
  const base = 'https://hireproof.invalid'
  let url: URL
  try {
    url = new URL(value, base)
  } catch {
    return fallback
  }
  if (url.origin !== base || value.startsWith('//')) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}
