import { sealAnswers } from '../../_shared/appointment-answers.ts'
import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { StaffBookBody } from '../schemas.ts'
import { checkAnswers, isOverlap, slotTaken } from './book-appointment.ts'
import { checkSlot } from './check-slot.ts'
import { notifyAppointment } from './notify.ts'
import { readAppointment } from './read-appointment.ts'
import { readType } from './types.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/**
 * A staff member enters a booking for a person of a client (a booking made on the phone). Who
 * may book for whom is the database's: private.staff_booking_options and the policy "Staff book
 * for a client's people" (staff who see the client; a person who may book the type there) —
 * anything else is not_found. The start must be a free slot of the firm's view (the client's
 * notice does not apply, the past does: slot_in_past); two requests for one slot: slot_taken.
 * Intake answers are optional here (what the person told, if anything), stored sealed.
 * The booking is the person's (booked_by) and confirmed at once; entered_by and the audit
 * (actor = staff, on behalf of = the person) say who entered it. Mails: the person, and the
 * type's staff member when someone else entered it.
 */
export async function bookForClient(db: Db, session: SessionInfo, body: StaffBookBody, meta: RequestMeta, now: Date) {
  const id = crypto.randomUUID()
  const startsAt = new Date(body.startsAt)
  try {
    return await db.asUser(session.claims, async (tx) => {
      // A project type brings its project (naming another one finds nothing); any other type may
      // be filed under a project of the client that the caller names.
      const [option] = await tx`select coalesce(o.project_id, ${body.projectId}::uuid) as "projectId" from private.staff_booking_options(${body.clientId}) o
                                where o.person_id = ${body.personId} and o.type_id = ${body.typeId}
                                  and (${body.projectId}::uuid is null or ${body.projectId}::uuid = coalesce(o.project_id, (
                                    select p.id from public.projects p where p.id = ${body.projectId}::uuid and p.client_id = ${body.clientId})))`
      if (!option) throw notFound()
      const type = await readType(tx, body.typeId)
      const projectId = option.projectId as string | null
      const answers = checkAnswers(type.questions, body.answers, false)
      await checkSlot(tx, type.id, startsAt, now, null, true)
      await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
               values (${id}, 'appointment', ${body.clientId}, ${projectId}, 'people', ${type.nameDe}, ${session.accountId})`
      await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${body.personId})`
      const sealed = sealAnswers(runtime().secrets.fileMasterKey, id, answers)
      await tx`insert into public.appointments (item_id, type_id, client_id, project_id, booked_by, entered_by, starts_at, answers_ciphertext, answers_key, time_zone)
               values (${id}, ${type.id}, ${body.clientId}, ${projectId}, ${body.personId}, ${session.accountId}, ${startsAt}, ${sealed.ciphertext}, ${sealed.key}, ${body.timeZone})`
      const appointment = await readAppointment(tx, id)
      await audit(
        tx,
        { actorId: session.accountId, onBehalfOf: body.personId, clientId: body.clientId, action: 'appointment.booked', objectType: 'item', objectId: id, detail: { typeId: type.id, startsAt: startsAt.toISOString(), enteredByStaff: true } },
        meta,
      )
      await notifyAppointment(tx, appointment, 'booked', session.accountId, meta.origin, { enteredBy: session.account.displayName })
      return appointment
    })
  } catch (err) {
    if (isOverlap(err)) throw slotTaken()
    throw err
  }
}

/**
 * What the caller (staff who see the client) may book for a client: its people with the types
 * each may book (a project type with its project), and the client's open projects to file a
 * booking under. Empty lists for anyone else (the database decides).
 */
export async function staffBookingOptions(db: Db, session: SessionInfo, clientId: string) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`select person_id as "personId", person_name as "personName", type_id as "typeId", project_id as "projectId"
                          from private.staff_booking_options(${clientId})`
    const people = new Map<string, { id: string; name: string; types: { typeId: string; projectId: string | null }[] }>()
    for (const r of rows) {
      const person = people.get(r.personId) ?? { id: r.personId as string, name: r.personName as string, types: [] }
      person.types.push({ typeId: r.typeId as string, projectId: r.projectId as string | null })
      people.set(person.id, person)
    }
    const projects = rows.length
      ? await tx`select id, name from public.projects where client_id = ${clientId} and status <> 'closed' order by name`
      : []
    return { people: [...people.values()], projects }
  })
}
