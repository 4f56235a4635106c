export { getEnv } from '../../server/env'
