import type { RequestMeta } from '../server/auth/session'

declare module '@remix-run/node' {
  interface AppLoadContext {
    meta: RequestMeta
    cspNonce: string
  }
}

export {}
