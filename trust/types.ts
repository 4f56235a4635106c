/**
 * Shared shapes of the trust-center content. Everything under trust/ is plain
 * data plus markdown; the routes in app/routes/trust*.tsx only render it.
 */

/** A calendar date, `YYYY-MM-DD`, read as UTC. */
export type IsoDate = string

/**
 * One run of prose. It may contain links written `[label](target)`, where the
 * target is a site path (`/trust/dpa`), a fragment (`#soc-2`), an `https:` URL
 * or a `mailto:` address (see trust/inline.ts). No other markup is read.
 */
export type Inline = string

/** A paragraph, or a bulleted list of short items. */
export type Block = Inline | { list: Inline[] }

/** When a page's content was last reviewed, shown on the page and hashed into its ETag. */
export type Revision = { revision: IsoDate }
