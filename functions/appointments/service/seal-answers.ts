import { sealClearAnswers } from '../../_shared/appointment-answers.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'

/**
 * Seals the intake answers that bookings of an existing installation still hold in clear (stored
 * before the migration 20261127230000), under the current master key, and empties the clear
 * column. Runs when the portal starts (with the reminders, startAppointmentReminders); the
 * master-key rotation does the same. Idempotent; returns how many bookings it sealed.
 */
export async function sealLegacyAnswers(rt: Runtime): Promise<number> {
  // Privileged: a system operation without a user over every client's bookings; it writes only the
  // sealed form of answers already stored (service_role may update just these columns, and the
  // triggers refuse clear answers), so nobody can read more afterwards than before.
  return asServiceRole(rt.db, 'appointment answer sealing', (tx) => sealClearAnswers(tx, rt.secrets.fileMasterKey))
}
