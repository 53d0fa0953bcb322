import { isShuttingDown } from '../../_shared/lifecycle.ts'
import { migrationState } from '../../_shared/migrate.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'

export type HealthReport = {
  status: 'ok' | 'degraded'
  /** True once SIGTERM/SIGINT arrived: a load balancer should stop sending new requests. */
  shuttingDown: boolean
  database: { reachable: boolean; migrations?: { applied: number; pending: string[] } }
  uptimeSeconds: number
}

/** What anyone may see: the status and, when not ok, a generic reason (no names, no counts, no uptime). */
export type PublicHealth = { status: 'ok' } | { status: 'degraded'; reason: 'shutting_down' | 'unavailable' }

/** The report without details, for callers without the metrics token. */
export function publicHealth(report: HealthReport): PublicHealth {
  if (report.status === 'ok') return { status: 'ok' }
  return { status: 'degraded', reason: report.shuttingDown ? 'shutting_down' : 'unavailable' }
}

const TIMEOUT_MS = 3000

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref?.()),
  ])
}

/**
 * Reports database reachability, migration state and whether the process is shutting down;
 * never throws, so /health always answers.
 */
export async function checkHealth(rt: Runtime): Promise<HealthReport> {
  const uptimeSeconds = Math.round((Date.now() - rt.startedAt.getTime()) / 1000)
  const shuttingDown = isShuttingDown()
  try {
    // Privileged: the migration table is readable by service_role only.
    const state = await withTimeout(
      migrationState(async () => {
        const rows = await asServiceRole(rt.db, 'health check', (tx) => tx`select name from portal_meta.migrations`)
        return rows.map((r) => r.name as string)
      }),
    )
    return {
      status: state.pending.length || shuttingDown ? 'degraded' : 'ok',
      shuttingDown,
      database: { reachable: true, migrations: { applied: state.applied.length, pending: state.pending } },
      uptimeSeconds,
    }
  } catch {
    return { status: 'degraded', shuttingDown, database: { reachable: false }, uptimeSeconds }
  }
}
