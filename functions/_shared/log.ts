/** Structured JSON logging. One line per event; fields never carry secrets or bodies. */

type Level = 'debug' | 'info' | 'warn' | 'error'
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

let threshold = order.info
let sink: (line: string) => void = (line) => process.stdout.write(line + '\n')

/** Keys whose values are replaced before a line is written, whatever the caller passed. */
const SECRET_KEY = /pass(word)?|secret|token|cookie|authorization|pepper|hash$|^(code|otp|key|body)$/i

export function configureLog(options: { level?: Level | 'silent'; sink?: (line: string) => void }) {
  if (options.level) threshold = order[options.level]
  if (options.sink) sink = options.sink
}

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]'
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message, stack: value.stack }
    else out[key] = value
  }
  return out
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  if (order[level] < threshold) return
  // JSON.stringify escapes control characters, so user input cannot forge extra log lines.
  sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...redact(fields) }))
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
}
