/**
 * The one error type of the domain. Services throw it; tRPC and HTTP layers map
 * the code once (server/trpc/init.ts, app/utils/http.server.ts).
 */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNPROCESSABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL'
  /** A dependency (the database) is out of reach for now; the same request may succeed shortly. */
  | 'UNAVAILABLE'

export const httpStatusByCode: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
}

export class AppError extends Error {
  constructor(
    public readonly code: AppErrorCode,
    message: string,
    /** Field-level messages for forms: { email: 'already registered' }. */
    public readonly fieldErrors?: Record<string, string>,
    public readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'AppError'
  }

  get status() {
    return httpStatusByCode[this.code]
  }
}

export const notFound = (what = 'Not found') => new AppError('NOT_FOUND', what)
export const forbidden = (why = 'You do not have permission to do this') => new AppError('FORBIDDEN', why)

/** How long clients are asked to wait (Retry-After) when the database is briefly out of reach. */
export const unavailableRetryAfterSeconds = 5

export const databaseUnavailableError = () =>
  new AppError('UNAVAILABLE', 'The service is briefly unavailable. Try again in a few seconds.', undefined, unavailableRetryAfterSeconds)
