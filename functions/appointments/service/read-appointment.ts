import { readableAnswersOf } from '../../_shared/appointment-answers.ts'
import type { Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { runtime } from '../../_shared/runtime.ts'
import type { Question } from '../schemas.ts'

export type AppointmentView = {
  id: string
  status: 'pending' | 'confirmed' | 'declined' | 'cancelled'
  startsAt: string
  endsAt: string
  sequence: number
  timeZone: string
  declineReason: string | null
  clientId: string
  clientName: string | null
  projectId: string | null
  type: {
    id: string
    nameDe: string
    nameEn: string
    location: 'office' | 'phone' | 'video'
    locationDetail: string
    durationMinutes: number
    cutoffHours: number
    requiresConfirmation: boolean
    questions: Question[]
  }
  staff: { id: string; name: string | null; email: string | null }
  booker: { id: string; name: string | null; email: string | null }
  /** The staff member who entered the booking for the booker (null: the booker booked it); the name only for the firm. */
  enteredBy: { id: string; name: string | null } | null
  /** The intake answers (stored sealed, opened here): for the booker and the firm. */
  answers: Record<string, string>
  /** The stored answers do not open (answers is then {}). */
  answersUnreadable?: boolean
  createdAt: string
}

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** Appointments as the caller sees them (RLS decides which exist). */
export const appointmentSelect = (tx: Tx) => tx`
  select a.item_id as id, a.status, a.starts_at as "startsAt", a.ends_at as "endsAt", a.sequence, a.time_zone as "timeZone",
         a.decline_reason as "declineReason", a.client_id as "clientId", c.name as "clientName", a.project_id as "projectId",
         a.answers as "clearAnswers", a.answers_ciphertext as "answersCiphertext", a.answers_key as "answersKey", a.created_at as "createdAt",
         json_build_object('id', t.id, 'nameDe', t.name_de, 'nameEn', t.name_en, 'location', t.location, 'locationDetail', t.location_detail,
                           'durationMinutes', t.duration_minutes, 'cutoffHours', t.cutoff_hours,
                           'requiresConfirmation', t.requires_confirmation, 'questions', t.questions) as type,
         -- The staff member's name through private.appointment_staff (clients never read staff account
         -- rows); the address only for callers who read the account anyway (the firm's staff).
         json_build_object('id', a.staff_id, 'name', coalesce(s.display_name, sn.display_name), 'email', s.email) as staff,
         json_build_object('id', a.booked_by, 'name', b.display_name, 'email', b.email) as booker,
         case when a.entered_by is not null then json_build_object('id', a.entered_by, 'name', e.display_name) end as "enteredBy"
  from public.appointments a
  join public.appointment_types t on t.id = a.type_id
  left join public.clients c on c.id = a.client_id
  left join public.accounts s on s.id = a.staff_id
  left join lateral private.appointment_staff(array[a.staff_id]) sn on true
  left join public.accounts b on b.id = a.booked_by
  left join public.accounts e on e.id = a.entered_by`

/** One appointment the caller may see, or not_found. */
export async function readAppointment(tx: Tx, id: string): Promise<AppointmentView> {
  const [row] = await tx`${appointmentSelect(tx)} where a.item_id = ${id}`
  if (!row) throw notFound()
  return toView(row)
}

/**
 * A selected row as the API answers it, the answers opened with the master key (a booking not
 * sealed yet — from before the sealing — shows its clear answers); answers that do not open read as {}
 * with answersUnreadable.
 */
export function toView(row: Record<string, unknown>, masterKey: Buffer = runtime().secrets.fileMasterKey): AppointmentView {
  const { clearAnswers, answersCiphertext, answersKey, ...rest } = row
  const view = rest as unknown as AppointmentView
  const { answers, unreadable } = readableAnswersOf(masterKey, view.id, { answers: clearAnswers, answers_ciphertext: answersCiphertext as Buffer | null, answers_key: answersKey as Buffer | null })
  return { ...view, answers, ...(unreadable ? { answersUnreadable: true } : {}), startsAt: new Date(view.startsAt).toISOString(), endsAt: new Date(view.endsAt).toISOString(), createdAt: new Date(view.createdAt).toISOString() }
}
