import { log } from './log.ts'

/**
 * Runs job now and then every intervalMs (never two at once); failures are logged, not thrown.
 * stop() waits for a running job. The timer does not keep the process alive.
 */
export function startPeriodic(name: string, job: () => Promise<unknown>, intervalMs: number) {
  let running: Promise<unknown> = Promise.resolve()
  let busy = false
  const run = () => {
    if (busy) return
    busy = true
    running = job()
      .catch((err) => log.warn(`${name} failed`, { error: err }))
      .finally(() => {
        busy = false
      })
  }
  run()
  const timer = setInterval(run, intervalMs)
  ;(timer as { unref?: () => void }).unref?.()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
