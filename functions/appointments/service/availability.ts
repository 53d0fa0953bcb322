import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { AvailabilityBody, ExceptionBody } from '../schemas.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** A staff member's weekly hours, holiday state and coming exceptions (staff read; the policies decide). */
export async function getAvailability(db: Db, session: SessionInfo, staffId: string) {
  return db.asUser(session.claims, async (tx) => {
    const weekly = await tx`select weekday, to_char(starts, 'HH24:MI') as starts, to_char(ends, 'HH24:MI') as ends
                            from public.staff_availability where staff_id = ${staffId} order by weekday, starts`
    const [settings] = await tx`select holiday_state as "holidayState" from public.staff_calendar_settings where staff_id = ${staffId}`
    const exceptions = await tx`select id, starts_at as "startsAt", ends_at as "endsAt", kind, note from public.availability_exceptions
                                where staff_id = ${staffId} and ends_at > now() - interval '1 day' order by starts_at`
    const [me] = await tx`select private.manages_calendar(${staffId}) as editable`
    return { staffId, weekly, holidayState: (settings?.holidayState as string | undefined) ?? null, exceptions, editable: me!.editable as boolean }
  })
}

/** Replaces the week and the holiday state in one transaction (the person or an admin only). */
export async function setAvailability(db: Db, session: SessionInfo, body: AvailabilityBody, meta: RequestMeta) {
  const staffId = body.staffId ?? session.accountId
  await db.asUser(session.claims, async (tx) => {
    const [me] = await tx`select private.manages_calendar(${staffId}) as editable`
    if (!me!.editable) throw notFound()
    await tx`delete from public.staff_availability where staff_id = ${staffId}`
    for (const w of body.weekly)
      await tx`insert into public.staff_availability (staff_id, weekday, starts, ends) values (${staffId}, ${w.weekday}, ${w.starts}, ${w.ends})`
    await tx`insert into public.staff_calendar_settings (staff_id, holiday_state) values (${staffId}, ${body.holidayState})
             on conflict (staff_id) do update set holiday_state = excluded.holiday_state, updated_at = now()`
    await audit(tx, { actorId: session.accountId, action: 'availability.changed', objectType: 'account', objectId: staffId }, meta)
  })
  return getAvailability(db, session, staffId)
}

/** Adds a time the staff member is away (vacation, court date). */
export async function addException(db: Db, session: SessionInfo, body: ExceptionBody, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [row] = await tx`insert into public.availability_exceptions (staff_id, starts_at, ends_at, kind, note, created_by)
                           values (${body.staffId ?? session.accountId}, ${body.startsAt}, ${body.endsAt}, ${body.kind}, ${body.note}, ${session.accountId})
                           returning id, starts_at as "startsAt", ends_at as "endsAt", kind, note`
    await audit(tx, { actorId: session.accountId, action: 'availability.exception_added', objectType: 'availability_exception', objectId: row!.id as string }, meta)
    return row!
  })
}

export async function removeException(db: Db, session: SessionInfo, id: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`delete from public.availability_exceptions where id = ${id} returning id`
    if (!rows[0]) throw notFound()
    await audit(tx, { actorId: session.accountId, action: 'availability.exception_removed', objectType: 'availability_exception', objectId: id }, meta)
    return { deleted: true as const }
  })
}

/** The firm's staff, for the admin's choice of whose calendar to edit and the type's owner. */
export async function listStaff(db: Db, session: SessionInfo) {
  return db.asUser(session.claims, (tx) => tx`
    select id, display_name as "displayName", is_admin as "isAdmin" from public.accounts
    where kind = 'staff' and disabled_at is null and (select private.is_staff()) order by display_name`)
}
