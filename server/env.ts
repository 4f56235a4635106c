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
    MAIL_FROM: z.string().default('Hireproof <no-reply@hireproof.local>'),
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
  appUrl: string
  /** Developer conveniences (mail outbox viewer): on for embedded mode and outside production. */
  devTools: boolean
  /** Cookies get Secure (and the __Host- prefix) when the app is served over HTTPS. */
  secureCookies: boolean
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
    devTools: !env.DATABASE_URL || env.NODE_ENV !== 'production',
  }
}

let cached: Env | undefined
/** The process environment, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}
