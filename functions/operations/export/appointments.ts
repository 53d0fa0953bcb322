import { readableAnswersOf } from '../../_shared/appointment-answers.ts'
import type { DomainExporter } from './types.ts'

/** The client's appointments (booked, confirmed, declined, cancelled) with their type and answers (opened). */
export const appointmentsExporter: DomainExporter = {
  domain: 'appointments',
  async collect({ tx, clientId, masterKey }) {
    const rows = await tx`
      select a.item_id as id, i.title, t.name_de as type, t.location, a.staff_id, s.display_name as staff_name, a.project_id, a.booked_by,
             a.starts_at, a.ends_at, a.status, a.answers, a.answers_ciphertext, a.answers_key, a.time_zone, a.decline_reason, a.decided_by, a.decided_at,
             a.cancelled_by, a.cancelled_at, a.created_at, a.updated_at
      from public.appointments a join public.items i on i.id = a.item_id
      join public.appointment_types t on t.id = a.type_id left join public.accounts s on s.id = a.staff_id
      where a.client_id = ${clientId} order by a.starts_at`
    const json = rows.map(({ answers_ciphertext, answers_key, ...row }) => {
      // A value that does not open is marked, not a reason to fail the client's whole export.
      const { answers, unreadable } = readableAnswersOf(masterKey, row.id as string, { answers: row.answers, answers_ciphertext, answers_key })
      return { ...row, answers, ...(unreadable ? { answersUnreadable: true } : {}) }
    })
    return [{ path: 'termine/termine.json', json }]
  },
}
