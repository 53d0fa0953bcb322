import { createSignal } from 'solid-js'

const TICK_MS = 20_000

const [now, setNow] = createSignal(Date.now())
setInterval(() => setNow(Date.now()), TICK_MS)

/**
 * The current time as a signal that moves every 20 seconds: enough for countdowns in minutes
 * (the grace banner) without re-rendering every second.
 */
export { now }
