import { expect } from 'vitest'
import { AppError, type AppErrorCode } from '../../server/errors'

/** Awaits a service call that must fail with the given AppError code; returns the error. */
export async function expectAppError(promise: Promise<unknown>, code: AppErrorCode) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, `expected ${code}`).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}
