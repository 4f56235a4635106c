/**
 * A display name: the last path part, without control or format characters
 * (bidi overrides could disguise an extension), at most 200 code points;
 * `<fallback>.<detected extension>` when nothing is left.
 */
export function cleanFileName(name: string, extension: string, fallback = 'recording') {
  const base = Array.from((name.split(/[\\/]/).pop() ?? '').replace(/[\p{Cc}\p{Cf}"<>|]/gu, '').trim())
    .slice(0, 200)
    .join('')
    .trim()
  return base || `${fallback}.${extension}`
}
