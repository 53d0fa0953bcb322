import { sealAnswers } from '../../_shared/appointment-answers.ts'
import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { jsonbTextLength, MAX_ANSWERS_TEXT } from '../lib/answers-size.ts'
import type { BookBody, Question } from '../schemas.ts'
import { checkSlot } from './check-slot.ts'
import { notifyAppointment } from './notify.ts'
import { readAppointment } from './read-appointment.ts'
import { readType } from './types.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** The exclusion constraint refused the time: someone else was faster. */
export const slotTaken = () => new AppError('slot_taken', { status: 409, message: 'The slot was just taken.' })
export const isOverlap = (err: unknown) => (err as { code?: string } | null)?.code === '23P01'

/**
 * Counts one booking change of a client-side person (each mails the staff member): the 11th in
 * an hour answers 429 appointment_rate_limited (private.take_appointment_change). The firm's own
 * changes are not limited.
 */
export async function countChange(tx: Tx, session: SessionInfo) {
  if (session.account.kind !== 'staff') await tx`select private.take_appointment_change()`
}

/**
 * Only the type's questions, the required ones answered (unless `required` is false: staff note
 * what a person told them on the phone, if anything), at most as long as the clear column
 * allowed (its check answered 400 bad_request; the sealed column cannot check the text).
 */
export function checkAnswers(questions: Question[], answers: Record<string, string>, required = true): Record<string, string> {
  const known = new Set(questions.map((q) => q.id))
  const unknown = Object.keys(answers).filter((k) => !known.has(k))
  if (unknown.length) throw new AppError('unknown_question', { status: 400, message: 'Answers name questions the type does not ask.', data: { questions: unknown } })
  const missing = questions.filter((q) => required && q.required && !answers[q.id]?.trim()).map((q) => q.id)
  if (missing.length) throw new AppError('answer_required', { status: 422, message: 'Please answer every required question.', data: { questions: missing } })
  const given = Object.fromEntries(Object.entries(answers).filter(([, v]) => v.trim()))
  if (jsonbTextLength(given) > MAX_ANSWERS_TEXT) throw new AppError('bad_request', { status: 400, message: 'The request is not valid.' })
  return given
}

/**
 * Books a slot for the caller: the type must be open to them for the client (and project), the
 * start one of the free slots (checkSlot), the answers complete (stored sealed). The booking is an item of kind
 * 'appointment' addressed to the booker (the firm sees it as always). Two requests for one slot:
 * the exclusion constraint lets exactly one commit, the other gets slot_taken.
 */
export async function bookAppointment(db: Db, session: SessionInfo, body: BookBody, meta: RequestMeta, now: Date) {
  const id = crypto.randomUUID()
  const startsAt = new Date(body.startsAt)
  try {
    return await db.asUser(session.claims, async (tx) => {
      await countChange(tx, session)
      const type = await readType(tx, body.typeId)
      const targets = await tx`select client_id as "clientId", project_id as "projectId" from private.booking_targets(${type.id})`
      const target = body.clientId ? targets.find((t) => t.clientId === body.clientId) : targets[0]
      if (!target) throw notFound()
      const answers = checkAnswers(type.questions, body.answers)
      await checkSlot(tx, type.id, startsAt, now)
      await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
               values (${id}, 'appointment', ${target.clientId}, ${target.projectId}, 'people', ${type.nameDe}, ${session.accountId})`
      await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${session.accountId})`
      // The answers only sealed (functions/_shared/appointment-answers.ts): no plaintext in the database.
      const sealed = sealAnswers(runtime().secrets.fileMasterKey, id, answers)
      await tx`insert into public.appointments (item_id, type_id, client_id, project_id, booked_by, starts_at, answers_ciphertext, answers_key, time_zone)
               values (${id}, ${type.id}, ${target.clientId}, ${target.projectId}, ${session.accountId}, ${startsAt}, ${sealed.ciphertext}, ${sealed.key}, ${body.timeZone})`
      const appointment = await readAppointment(tx, id)
      await audit(tx, { actorId: session.accountId, clientId: target.clientId as string, action: 'appointment.booked', objectType: 'item', objectId: id, detail: { typeId: type.id, startsAt: startsAt.toISOString() } }, meta)
      await notifyAppointment(tx, appointment, 'booked', session.accountId, meta.origin)
      return appointment
    })
  } catch (err) {
    if (isOverlap(err)) throw slotTaken()
    throw err
  }
}
