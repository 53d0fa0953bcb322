import type { Runtime } from '../../_shared/runtime.ts'

/**
 * When the last backup succeeded, or undefined when none is known. The backup scheduler
 * (functions/_shared/backup) records it; until a backup module exists this answers "no data",
 * which /metrics reports as age +Inf (an alert on the age fires, as it should).
 */
export async function lastSuccessfulBackupAt(_rt: Runtime): Promise<Date | undefined> {
  return undefined
}
