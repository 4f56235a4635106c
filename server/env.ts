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
    MAILGUN_API_KEY: optionalString,
    MAILGUN_DOMAIN: optionalString,
    MAIL_FROM: z.string().default('Hireproof <no-reply@hireproof.local>'),
    /** Ed25519 private key (PKCS#8 PEM, "\n" escapes allowed) that signs daily audit checkpoints. */
    AUDIT_SIGNING_KEY: optionalString,
    /** Keys for secrets stored encrypted (TOTP): "id:base64(32 bytes)", comma-separated, newest first. */
    ENCRYPTION_KEYS: optionalString,
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

export type Env = z.infer<typeof envSchema> & {
  authProvider: 'local' | 'clerk'
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
    devTools: !env.DATABASE_URL || env.NODE_ENV !== 'production',
  }
}

let cached: Env | undefined
/** The process environment, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}
