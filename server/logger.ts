/** Structured JSON logs on stdout, one object per line. */
type Level = 'debug' | 'info' | 'warn' | 'error'
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export type Logger = Record<Level, (message: string, fields?: Record<string, unknown>) => void> & {
  child(fields: Record<string, unknown>): Logger
}

export function createLogger(
  level: Level | 'silent' = (process.env.LOG_LEVEL as Level | undefined) ?? 'info',
  base: Record<string, unknown> = {},
): Logger {
  const write = (lvl: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return
    const line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: message, ...base, ...fields }, errorReplacer)
    ;(lvl === 'error' || lvl === 'warn' ? process.stderr : process.stdout).write(line + '\n')
  }
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createLogger(level, { ...base, ...fields }),
  }
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack }
  return value
}

export const logger = createLogger()
