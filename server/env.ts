import crypto from 'node:crypto'
import { z } from 'zod'

/**
 * Every setting the server reads, validated once at start-up. Unset optional
 * services fall back to their local defaults (see .env.example and README).
 */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value)
const optionalString = z.preprocess(emptyToUndefined, z.string().min(1).optional())

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    APP_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    PGLITE_DIR: z.string().default('./.data/pglite'),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** DNS servers ("host:port", comma-separated) for domain verification; the system resolver when unset. */
    DNS_SERVERS: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
      .pipe(z.array(z.string().regex(/^[\w.:[\]-]+$/, 'DNS_SERVERS: comma-separated host or host:port'))),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
    CLERK_SECRET_KEY: optionalString,
    CLERK_PUBLISHABLE_KEY: optionalString,
    /** Signing secret of the Clerk webhook endpoint (Svix), "whsec_…": required when Clerk is on. */
    CLERK_WEBHOOK_SECRET: optionalString,
    /** Clerk's Backend API; tests point it at a local server. */
    CLERK_API_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
    /** Clerk's PEM public key ("\n" escapes allowed): session tokens are then verified without fetching the JWKS. */
    CLERK_JWT_KEY: optionalString,
    MAILGUN_API_KEY: optionalString,
    MAILGUN_DOMAIN: optionalString,
    /** Mailgun's API base: EU-region domains use https://api.eu.mailgun.net; tests point it at a local server. */
    MAILGUN_URL: z.preprocess(emptyToUndefined, z.string().url().default('https://api.mailgun.net')),
    /** The sender of every email ("Name <address>"); with Mailgun, an address on MAILGUN_DOMAIN (or its parent domain). */
    MAIL_FROM: z.string().default('Hireproof <no-reply@hireproof.local>'),
    /** Per request to the mail provider; a timed-out send is retried by the job queue. */
    MAIL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
    /** The domain of the meeting mailboxes (meet+<key>@this domain), routed by Mailgun to /webhooks/mailgun/inbound. */
    INBOUND_EMAIL_DOMAIN: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name').optional()),
    /** Mailgun's HTTP webhook signing key: inbound mail is accepted only with its signature. */
    MAILGUN_WEBHOOK_SIGNING_KEY: optionalString,
    /** Ed25519 private key (PKCS#8 PEM, "\n" escapes allowed) that signs daily audit checkpoints. */
    AUDIT_SIGNING_KEY: optionalString,
    /** Keys for secrets stored encrypted (TOTP): "id:base64(32 bytes)", comma-separated, newest first. */
    ENCRYPTION_KEYS: optionalString,
    /** Uploaded recordings and CVs (the local blob store). */
    STORAGE_DIR: z.string().default('./.data/blobs'),
    RECORDING_MAX_MB: z.coerce.number().int().min(1).max(10_240).default(2_048),
    CV_MAX_MB: z.coerce.number().int().min(1).max(20).default(10),
    /** Background job loops in this process (0: this process runs no jobs). */
    JOB_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
    /** How long a job's claim holds without a heartbeat: a worker that died has its job retried after this. */
    JOB_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Speech-to-text in the cloud; the local engine (pocketsphinx) is used when installed. */
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
    OPENAI_TRANSCRIPTION_MODEL: z.string().default('whisper-1'),
    ASSEMBLYAI_API_KEY: optionalString,
    ASSEMBLYAI_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
    /** The LLM analyzer and CV parser: OpenAI, or OpenRouter (LLM_BASE_URL=https://openrouter.ai/api/v1). */
    LLM_API_KEY: optionalString,
    LLM_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
    LLM_MODEL: z.string().default('gpt-4o-2024-08-06'),
    /** Per request to a speech or language model provider. */
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(600_000),
    /**
     * Product analytics (server/providers/analytics), only for browsers that allowed it: "posthog" when
     * POSTHOG_API_KEY is set, else "off"; "local" writes the AnalyticsEvent table instead; "off" wins over a key.
     */
    ANALYTICS: z.preprocess(emptyToUndefined, z.enum(['off', 'local', 'posthog']).optional()),
    /** A PostHog project API key ("phc_…"; never a personal API key). */
    POSTHOG_API_KEY: optionalString,
    POSTHOG_HOST: z.preprocess(emptyToUndefined, z.string().url().default('https://eu.i.posthog.com')),
    /** Stripe billing (server/services/billing): all three or none; without them a platform admin sets plans. */
    STRIPE_SECRET_KEY: optionalString,
    /** Signing secret of the webhook endpoint <APP_URL>/webhooks/stripe, "whsec_…". */
    STRIPE_WEBHOOK_SECRET: optionalString,
    /** The Enterprise plan's recurring price ("price_…"); more than one (monthly, yearly) comma-separated, the first is sold. */
    STRIPE_PRICE_ENTERPRISE: optionalString,
    /** Stripe's API address; tests point it at a local server (http://127.0.0.1:port). */
    STRIPE_API_BASE: z.preprocess(emptyToUndefined, z.string().url().optional()),
    /**
     * The meeting recorder (server/services/meeting-bot): a bot API of the shape in its README, all three or none;
     * without them recruiters upload recordings instead.
     */
    MEETING_BOT_API_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
    MEETING_BOT_API_KEY: optionalString,
    /** Signs the provider's webhooks to <APP_URL>/webhooks/meeting-bot (HMAC-SHA256). */
    MEETING_BOT_WEBHOOK_SECRET: optionalString,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.APP_URL) {
      ctx.addIssue({ code: 'custom', path: ['APP_URL'], message: 'must be set in production (the public https:// address)' })
    }
    if (Boolean(env.CLERK_SECRET_KEY) !== Boolean(env.CLERK_PUBLISHABLE_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: ['CLERK_SECRET_KEY'],
        message: 'CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY must be set together',
      })
    }
    if (env.CLERK_SECRET_KEY || env.CLERK_PUBLISHABLE_KEY) checkClerk(env, ctx)
    checkAnalytics(env, ctx)
    if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.ENCRYPTION_KEYS) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEYS'], message: 'must be set in production (encrypts TOTP secrets at rest)' })
    }
    if (env.ENCRYPTION_KEYS) {
      for (const entry of env.ENCRYPTION_KEYS.split(',').map((e) => e.trim()).filter(Boolean)) {
        const [id, encoded] = entry.split(':')
        if (!id || !encoded || Buffer.from(encoded, 'base64').length !== 32) {
          ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEYS'], message: 'entries must be id:base64 of 32 random bytes (openssl rand -base64 32)' })
          break
        }
      }
    }
    if (Boolean(env.MAILGUN_API_KEY) !== Boolean(env.MAILGUN_DOMAIN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MAILGUN_API_KEY'],
        message: 'MAILGUN_API_KEY and MAILGUN_DOMAIN must be set together',
      })
    }
    checkStripe(env, ctx)
    checkMeetingBot(env, ctx)
  })

type ParsedEnv = z.infer<typeof envSchema>

const clerkKeyShape = {
  secret: /^sk_(test|live)_[A-Za-z0-9]+$/,
  publishable: /^pk_(test|live)_([A-Za-z0-9+/]+={0,2})$/,
  webhook: /^whsec_[A-Za-z0-9+/]+={0,2}$/,
}

const pemFromEnv = (value: string) => value.replace(/\\n/g, '\n').trim()

/** Shapes of the Clerk settings, checked when Clerk is on (all problems are reported together). */
function checkClerk(env: ParsedEnv, ctx: z.RefinementCtx) {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  if (env.CLERK_SECRET_KEY && !clerkKeyShape.secret.test(env.CLERK_SECRET_KEY)) {
    problem('CLERK_SECRET_KEY', 'must be a Clerk secret key (sk_test_… or sk_live_…)')
  }
  // A publishable key is pk_<env>_ + base64("<frontend API host>$").
  const publishable = env.CLERK_PUBLISHABLE_KEY?.match(clerkKeyShape.publishable)
  if (env.CLERK_PUBLISHABLE_KEY && !(publishable && Buffer.from(publishable[2]!, 'base64').toString('utf8').endsWith('$'))) {
    problem('CLERK_PUBLISHABLE_KEY', 'must be a Clerk publishable key (pk_test_… or pk_live_…)')
  }
  if (!env.CLERK_WEBHOOK_SECRET) {
    problem('CLERK_WEBHOOK_SECRET', 'must be set when Clerk is on (the signing secret of the webhook endpoint, whsec_…)')
  } else if (!clerkKeyShape.webhook.test(env.CLERK_WEBHOOK_SECRET)) {
    problem('CLERK_WEBHOOK_SECRET', 'must be a webhook signing secret (whsec_ followed by base64)')
  }
  if (env.CLERK_API_URL && !/^https?:\/\//.test(env.CLERK_API_URL)) problem('CLERK_API_URL', 'must be an http(s) URL')
  if (env.CLERK_JWT_KEY) {
    let rsa = false
    try {
      rsa = crypto.createPublicKey(pemFromEnv(env.CLERK_JWT_KEY)).asymmetricKeyType === 'rsa'
    } catch {
      rsa = false
    }
    if (!rsa) problem('CLERK_JWT_KEY', 'must be the PEM public key from the Clerk Dashboard (-----BEGIN PUBLIC KEY-----…)')
  }
}

const stripeNames = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_ENTERPRISE'] as const

/** Stripe's settings: the three keys together or not at all, each of the right kind. */
function checkStripe(env: ParsedEnv, ctx: z.RefinementCtx) {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  const set = stripeNames.filter((name) => env[name])
  if (set.length > 0 && set.length < stripeNames.length) {
    const missing = stripeNames.filter((name) => !env[name]).join(', ')
    problem('STRIPE_SECRET_KEY', `${stripeNames.join(', ')} must be set together (missing: ${missing})`)
  }
  if (env.STRIPE_SECRET_KEY && !/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(env.STRIPE_SECRET_KEY)) {
    problem('STRIPE_SECRET_KEY', 'must be a Stripe secret or restricted key (sk_live_…, rk_live_…, sk_test_…)')
  }
  if (env.STRIPE_WEBHOOK_SECRET && !/^whsec_[A-Za-z0-9+/=]+$/.test(env.STRIPE_WEBHOOK_SECRET)) {
    problem('STRIPE_WEBHOOK_SECRET', 'must be a webhook signing secret (whsec_…)')
  }
  const priceIds = stripePriceIds(env.STRIPE_PRICE_ENTERPRISE ?? '')
  if (env.STRIPE_PRICE_ENTERPRISE && !(priceIds.length > 0 && priceIds.every((id) => /^price_[A-Za-z0-9]+$/.test(id)))) {
    problem('STRIPE_PRICE_ENTERPRISE', 'must be price ids (price_…), comma-separated')
  }
  if (env.STRIPE_API_BASE && !env.STRIPE_SECRET_KEY) problem('STRIPE_API_BASE', 'is only used with STRIPE_SECRET_KEY')
  if (env.STRIPE_API_BASE && !/^https?:\/\/[^/]+\/?$/.test(env.STRIPE_API_BASE)) {
    problem('STRIPE_API_BASE', 'must be an http(s) origin without a path, e.g. http://127.0.0.1:12111')
  }
}

const stripePriceIds = (value: string) => value.split(',').map((id) => id.trim()).filter(Boolean)

/** Everything the Stripe adapter needs; null when plans are set by a platform admin. */
export type StripeConfig = {
  secretKey: string
  webhookSecret: string
  /** The first is sold through Checkout; a subscription to any of them is the Enterprise plan. */
  enterprisePriceIds: [string, ...string[]]
  /** Where the SDK sends requests; null for Stripe itself. */
  api: { host: string; port: number; protocol: 'http' | 'https' } | null
}

function stripeConfigOf(env: ParsedEnv): StripeConfig | null {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET || !env.STRIPE_PRICE_ENTERPRISE) return null
  const [first, ...rest] = stripePriceIds(env.STRIPE_PRICE_ENTERPRISE)
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null
  const protocol = base?.protocol === 'http:' ? 'http' : 'https'
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    enterprisePriceIds: [first!, ...rest],
    api: base ? { host: base.hostname, port: Number(base.port || (protocol === 'http' ? 80 : 443)), protocol } : null,
  }
}

const meetingBotNames = ['MEETING_BOT_API_URL', 'MEETING_BOT_API_KEY', 'MEETING_BOT_WEBHOOK_SECRET'] as const

/** The meeting recorder's settings: all three or none; the key travels only over https (plain http to this machine: tests). */
function checkMeetingBot(env: ParsedEnv, ctx: z.RefinementCtx) {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  const set = meetingBotNames.filter((name) => env[name])
  if (set.length > 0 && set.length < meetingBotNames.length) {
    const missing = meetingBotNames.filter((name) => !env[name]).join(', ')
    problem('MEETING_BOT_API_URL', `${meetingBotNames.join(', ')} must be set together (missing: ${missing})`)
  }
  if (env.MEETING_BOT_API_URL) {
    const url = URL.canParse(env.MEETING_BOT_API_URL) ? new URL(env.MEETING_BOT_API_URL) : null
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url?.hostname ?? '')
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) || url.search || url.hash) {
      problem('MEETING_BOT_API_URL', 'must be an https:// URL without query (http:// only for 127.0.0.1 or localhost)')
    }
  }
  if (env.MEETING_BOT_WEBHOOK_SECRET && env.MEETING_BOT_WEBHOOK_SECRET.length < 24) {
    problem('MEETING_BOT_WEBHOOK_SECRET', 'must be at least 24 characters (e.g. openssl rand -hex 32)')
  }
}

/** Everything the meeting-bot adapter needs; null when the feature is off. */
export type MeetingBotConfig = {
  /** The API's base, without a trailing slash: requests go to `${apiUrl}/bots…`. */
  apiUrl: string
  apiKey: string
  webhookSecret: string
  /** Per API call, and the longest pause while a recording downloads. */
  timeoutMs: number
}

function meetingBotConfigOf(env: ParsedEnv): MeetingBotConfig | null {
  if (!env.MEETING_BOT_API_URL || !env.MEETING_BOT_API_KEY || !env.MEETING_BOT_WEBHOOK_SECRET) return null
  return {
    apiUrl: env.MEETING_BOT_API_URL.replace(/\/+$/, ''),
    apiKey: env.MEETING_BOT_API_KEY,
    webhookSecret: env.MEETING_BOT_WEBHOOK_SECRET,
    timeoutMs: 30_000,
  }
}

/** Everything the Clerk adapter needs; null when the built-in accounts are used. */
export type ClerkConfig = {
  secretKey: string
  publishableKey: string
  webhookSecret: string
  apiUrl: string
  /** PEM, real newlines. */
  jwtKey: string | null
}

export type Env = ParsedEnv & {
  authProvider: 'local' | 'clerk'
  clerk: ClerkConfig | null
  /** Product analytics: off, the local event log, or PostHog (always consent-gated). */
  analytics: AnalyticsConfig
  /** Stripe billing; null: a platform admin sets each organization's plan. */
  stripe: StripeConfig | null
  /** The meeting recorder; null: recordings are uploaded. */
  meetingBot: MeetingBotConfig | null
  appUrl: string
  /** Developer conveniences (mail outbox viewer): on for embedded mode and outside production. */
  devTools: boolean
  /** Cookies get Secure (and the __Host- prefix) when the app is served over HTTPS. */
  secureCookies: boolean
}

/**
 * Where product analytics go (server/providers/analytics/README.md): nowhere, the local AnalyticsEvent
 * table, or PostHog. The PostHog client's batching and timeouts live here so tests can shorten them.
 */
export type AnalyticsConfig =
  | { kind: 'off' }
  | { kind: 'local' }
  | {
      kind: 'posthog'
      apiKey: string
      host: string
      flushAt: number
      flushIntervalMs: number
      requestTimeoutMs: number
      retries: number
      /** Batches are gzipped; tests turn it off to read them (DESIGN.md). */
      gzip: boolean
    }

function checkAnalytics(env: ParsedEnv, ctx: z.RefinementCtx) {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  if (env.ANALYTICS === 'posthog' && !env.POSTHOG_API_KEY) problem('POSTHOG_API_KEY', 'must be set when ANALYTICS=posthog')
  // A personal API key (phx_…) reads the whole project: it must never sit in a server that only sends events.
  if (env.POSTHOG_API_KEY && !/^phc_[A-Za-z0-9_-]+$/.test(env.POSTHOG_API_KEY)) {
    problem('POSTHOG_API_KEY', 'must be a PostHog project API key (phc_…), not a personal API key')
  }
  if (!/^https?:\/\//.test(env.POSTHOG_HOST)) problem('POSTHOG_HOST', 'must be an http(s) URL, e.g. https://eu.i.posthog.com')
}

function analyticsConfigOf(env: ParsedEnv): AnalyticsConfig {
  const kind = env.ANALYTICS ?? (env.POSTHOG_API_KEY ? 'posthog' : 'off')
  if (kind !== 'posthog' || !env.POSTHOG_API_KEY) return { kind: kind === 'local' ? 'local' : 'off' }
  return {
    kind,
    apiKey: env.POSTHOG_API_KEY,
    host: env.POSTHOG_HOST.replace(/\/+$/, ''),
    // A server sends in batches: 20 events or every 10 s, whichever comes first; shutdown flushes the rest.
    flushAt: 20,
    flushIntervalMs: 10_000,
    requestTimeoutMs: 10_000,
    retries: 3,
    gzip: true,
  }
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'EnvError'
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source)
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`))
  }
  const env = result.data
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')
  return {
    ...env,
    appUrl,
    secureCookies: appUrl.startsWith('https://'),
    authProvider: env.CLERK_SECRET_KEY ? 'clerk' : 'local',
    clerk:
      env.CLERK_SECRET_KEY && env.CLERK_PUBLISHABLE_KEY && env.CLERK_WEBHOOK_SECRET
        ? {
            secretKey: env.CLERK_SECRET_KEY,
            publishableKey: env.CLERK_PUBLISHABLE_KEY,
            webhookSecret: env.CLERK_WEBHOOK_SECRET,
            apiUrl: (env.CLERK_API_URL ?? 'https://api.clerk.com').replace(/\/+$/, ''),
            jwtKey: env.CLERK_JWT_KEY ? pemFromEnv(env.CLERK_JWT_KEY) : null,
          }
        : null,
    stripe: stripeConfigOf(env),
    meetingBot: meetingBotConfigOf(env),
    analytics: analyticsConfigOf(env),
    devTools: !env.DATABASE_URL || env.NODE_ENV !== 'production',
  }
}

let cached: Env | undefined
/** The process environment, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}
