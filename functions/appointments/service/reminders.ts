import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { log } from '../../_shared/log.ts'
import { startPeriodic } from '../../_shared/periodic.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import { publicOriginFor } from '../../_shared/public-origin.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { mailParams } from './notify.ts'
import { appointmentSelect, toView } from './read-appointment.ts'
import { sealLegacyAnswers } from './seal-answers.ts'

export const REMINDER_HOURS_BEFORE = 24

/** The address links in scheduled mails point to: the public origin the mail functions store too. */
const linkBase = (rt: Runtime) => publicOriginFor(rt.config)

/**
 * Queues the reminder mails due at the runtime's clock: confirmed bookings starting within the
 * next 24 hours, each once per start time (private.claim_appointment_reminders records them under
 * a unique key, so restarts and several instances never send one twice). Returns the count.
 */
export async function queueAppointmentReminders(rt: Runtime): Promise<number> {
  // Privileged: a scheduled system operation without a user, reading every coming booking.
  return asServiceRole(rt.db, 'appointment reminders', async (tx) => {
    const claimed = await tx`select appointment_id from private.claim_appointment_reminders(${rt.now()}, ${REMINDER_HOURS_BEFORE})`
    if (!claimed.length) return 0
    const firm = ((await tx`select firm_name from public.firm_settings where id = 1`)[0]?.firm_name as string | undefined) ?? 'Kanzlei'
    const rows = await tx`${appointmentSelect(tx)} where a.item_id in ${tx(claimed.map((c) => c.appointment_id as string))}`
    for (const row of rows) {
      const a = toView(row, rt.secrets.fileMasterKey)
      const [booker] = await tx`select email, locale, display_name from public.accounts where id = ${a.booker.id} and disabled_at is null`
      if (!booker) continue
      await enqueueMail(tx, {
        to: booker.email as string,
        template: 'appointment-reminder',
        locale: booker.locale as 'de' | 'en',
        params: { ...mailParams(a, linkBase(rt), firm, a.timeZone), name: booker.display_name as string },
      })
    }
    return rows.length
  })
}

/**
 * Runs the reminders at start and every minute inside the server (no external cron). The first
 * run seals the intake answers still stored in clear (sealLegacyAnswers; retried each minute
 * until it succeeded once).
 */
export function startAppointmentReminders(rt: Runtime, intervalMs = 60_000) {
  let sealed = false
  return startPeriodic(
    'appointment reminders',
    async () => {
      if (!sealed) {
        const count = await sealLegacyAnswers(rt)
        sealed = true
        if (count) log.info('appointment answers sealed', { count })
      }
      const queued = await queueAppointmentReminders(rt)
      if (queued) log.info('appointment reminders queued', { queued })
    },
    intervalMs,
  )
}
