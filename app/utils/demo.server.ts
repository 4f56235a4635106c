import { getEnv } from './env.server'
import { demoPassword, demoUsers } from '../../prisma/demo-users'

/** The demo sign-in shown on the sign-in page, only where the demo tenant is seeded. */
export function demoCredentials() {
  const env = getEnv()
  if (!env.devTools || env.SEED_DEMO === 'never') return null
  return { email: demoUsers[0].email, password: demoPassword }
}
