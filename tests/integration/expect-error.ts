import { TRPCError } from '@trpc/server'
import { expect } from 'vitest'

/** Awaits a call that must fail with the given tRPC code; returns the error. */
export async function expectTRPCError(promise: Promise<unknown>, code: TRPCError['code']) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCError)
  expect((error as TRPCError).code).toBe(code)
  return error as TRPCError
}
