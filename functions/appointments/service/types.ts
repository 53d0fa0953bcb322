import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { Question, TypeBody } from '../schemas.ts'

export type AppointmentType = {
  id: string
  staffId: string
  staffName: string | null
  nameDe: string
  nameEn: string
  descriptionDe: string
  descriptionEn: string
  durationMinutes: number
  location: 'office' | 'phone' | 'video'
  locationDetail: string
  bufferBeforeMinutes: number
  bufferAfterMinutes: number
  noticeHours: number
  noticeNotSameDay: boolean
  horizonDays: number
  dailyCap: number | null
  audience: 'all_clients' | 'chosen_clients' | 'project'
  clientIds: string[]
  projectId: string | null
  questions: Question[]
  requiresConfirmation: boolean
  cutoffHours: number
  active: boolean
}

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** The type columns as the API names them (RLS decides which rows exist). */
export const typeColumns = (tx: Tx) => tx`
  t.id, t.staff_id as "staffId", (select s.display_name from private.appointment_staff(array[t.staff_id]) s) as "staffName",
  t.name_de as "nameDe", t.name_en as "nameEn", t.description_de as "descriptionDe", t.description_en as "descriptionEn",
  t.duration_minutes as "durationMinutes", t.location, t.location_detail as "locationDetail",
  t.buffer_before_minutes as "bufferBeforeMinutes", t.buffer_after_minutes as "bufferAfterMinutes",
  t.notice_hours as "noticeHours", t.notice_not_same_day as "noticeNotSameDay", t.horizon_days as "horizonDays",
  t.daily_cap as "dailyCap", t.audience, t.project_id as "projectId", t.questions,
  t.requires_confirmation as "requiresConfirmation", t.cutoff_hours as "cutoffHours", t.active,
  coalesce((select array_agg(c.client_id) from public.appointment_type_clients c where c.type_id = t.id), '{}') as "clientIds"`

/** One type the caller may see, or not_found. */
export async function readType(tx: Tx, id: string): Promise<AppointmentType> {
  const [row] = await tx`select ${typeColumns(tx)} from public.appointment_types t where t.id = ${id}`
  if (!row) throw notFound()
  return row as unknown as AppointmentType
}

/**
 * The types the caller sees: staff every type (the booking page of clients shows only the
 * active ones open to them, with the clients or project they can book them for).
 */
export async function listTypes(db: Db, session: SessionInfo) {
  return db.asUser(session.claims, async (tx) => {
    const rows = (await tx`select ${typeColumns(tx)} from public.appointment_types t order by t.active desc, t.name_de`) as unknown as AppointmentType[]
    if (session.account.kind === 'staff') return rows.map((t) => ({ ...t, targets: [] }))
    const result = []
    for (const t of rows) {
      const targets = await tx`select client_id as "clientId", project_id as "projectId", client_name as "clientName" from private.booking_targets(${t.id})`
      // Staff-side settings (chosen clients, the other clients) are not the client's business.
      result.push({ ...t, clientIds: [], targets })
    }
    return result
  })
}

async function writeClients(tx: Tx, id: string, body: TypeBody) {
  await tx`delete from public.appointment_type_clients where type_id = ${id}`
  if (body.audience === 'chosen_clients')
    for (const clientId of new Set(body.clientIds)) await tx`insert into public.appointment_type_clients (type_id, client_id) values (${id}, ${clientId})`
}

const values = (tx: Tx, body: TypeBody) => ({
  name_de: body.nameDe,
  name_en: body.nameEn,
  description_de: body.descriptionDe,
  description_en: body.descriptionEn,
  duration_minutes: body.durationMinutes,
  location: body.location,
  location_detail: body.locationDetail,
  buffer_before_minutes: body.bufferBeforeMinutes,
  buffer_after_minutes: body.bufferAfterMinutes,
  notice_hours: body.noticeHours,
  notice_not_same_day: body.noticeNotSameDay,
  horizon_days: body.horizonDays,
  daily_cap: body.dailyCap,
  audience: body.audience,
  project_id: body.audience === 'project' ? body.projectId : null,
  questions: tx.json(body.questions as never),
  requires_confirmation: body.requiresConfirmation,
  cutoff_hours: body.cutoffHours,
  active: body.active,
})

/** Staff offer a type for themselves (admins for any staff member); the policy decides. */
export async function createType(db: Db, session: SessionInfo, body: TypeBody, meta: RequestMeta) {
  const id = crypto.randomUUID()
  return db.asUser(session.claims, async (tx) => {
    const v = { id, staff_id: body.staffId ?? session.accountId, created_by: session.accountId, ...values(tx, body) }
    await tx`insert into public.appointment_types ${tx(v as never)}`
    await writeClients(tx, id, body)
    await audit(tx, { actorId: session.accountId, action: 'appointment_type.created', objectType: 'appointment_type', objectId: id }, meta)
    return readType(tx, id)
  })
}

/** Replaces a type's settings (its staff member stays); bookings made keep their times. */
export async function updateType(db: Db, session: SessionInfo, id: string, body: TypeBody, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.appointment_types set ${tx({ ...values(tx, body), updated_at: new Date() } as never)} where id = ${id} returning id`
    if (!rows[0]) throw notFound()
    await writeClients(tx, id, body)
    await audit(tx, { actorId: session.accountId, action: 'appointment_type.updated', objectType: 'appointment_type', objectId: id }, meta)
    return readType(tx, id)
  })
}

/** Deletes a type without bookings; one with bookings is kept (type_in_use: deactivate it instead). */
export async function deleteType(db: Db, session: SessionInfo, id: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [used] = await tx`select exists (select 1 from public.appointments where type_id = ${id}) as used`
    if (used!.used) throw new AppError('type_in_use', { status: 409, message: 'The type has bookings; deactivate it instead.' })
    const rows = await tx`delete from public.appointment_types where id = ${id} returning id`
    if (!rows[0]) throw notFound()
    await audit(tx, { actorId: session.accountId, action: 'appointment_type.deleted', objectType: 'appointment_type', objectId: id }, meta)
    return { deleted: true as const }
  })
}
