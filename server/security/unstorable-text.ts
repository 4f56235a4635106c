/**
 * Text the database cannot take: PostgreSQL text and jsonb refuse U+0000, and
 * Prisma's query engine refuses a UTF-16 surrogate without its pair. Input
 * holding either is refused at the edge (tRPC, SCIM) with a 400 instead of
 * failing later as a 500.
 */
/** U+0000 (PostgreSQL text cannot store it) or a UTF-16 surrogate without its pair (not Unicode text at all). */
const unstorableText = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Whether any string in the value, keys included, is text the database cannot store. */
export function containsUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return unstorableText.test(value)
  if (depth > 32 || value === null || typeof value !== 'object' || !isPlainData(value)) return false
  const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(value)
  return entries.some(([key, v]) => unstorableText.test(key) || containsUnstorableText(v, depth + 1))
}
const isPlainData = (value: object) => Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null

/** The text with NUL characters and unpaired surrogates replaced by U+FFFD: for text we must keep whatever it holds (received mail). */
export const storableText = (text: string) => text.replace(new RegExp(unstorableText.source, 'g'), '\ufffd')
