import { createCallerFactory } from './init'
import { appRouter } from './router'
import { createContext, type CreateContextOptions } from './context'

const createCaller = createCallerFactory(appRouter)

/** A server-side caller for one request: what loaders, actions and tests use. */
export async function createRequestCaller(options: CreateContextOptions) {
  const ctx = await createContext(options)
  return { caller: createCaller(ctx), ctx }
}
