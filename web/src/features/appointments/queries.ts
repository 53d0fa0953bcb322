import { action, query, revalidate } from '@solidjs/router'
import { api, deleteJson, getJson, postJson } from '../../lib/api'

export const APPOINTMENTS = '/functions/v1/appointments'
const CALLS = '/functions/v1/calls'
const id = (value: string) => encodeURIComponent(value)

export type Location = 'office' | 'phone' | 'video'
export type Question = { id: string; labelDe: string; labelEn: string; required: boolean }
export type AppointmentStatus = 'pending' | 'confirmed' | 'declined' | 'cancelled'

/** A kind of appointment; for clients with the clients (or project) they may book it for. */
export type AppointmentType = {
  id: string
  staffId: string
  staffName: string | null
  nameDe: string
  nameEn: string
  descriptionDe: string
  descriptionEn: string
  durationMinutes: number
  location: Location
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
  targets: { clientId: string; projectId: string | null; clientName: string }[]
}
export type TypeInput = Omit<AppointmentType, 'id' | 'staffName' | 'targets' | 'staffId'> & { staffId?: string }

export type Appointment = {
  id: string
  status: AppointmentStatus
  startsAt: string
  endsAt: string
  sequence: number
  timeZone: string
  declineReason: string | null
  clientId: string
  clientName: string | null
  projectId: string | null
  type: Pick<AppointmentType, 'id' | 'nameDe' | 'nameEn' | 'location' | 'locationDetail' | 'durationMinutes' | 'cutoffHours' | 'requiresConfirmation' | 'questions'>
  staff: { id: string; name: string | null }
  booker: { id: string; name: string | null }
  /** The staff member who entered the booking for the booker (null: booked by the booker). */
  enteredBy: { id: string; name: string | null } | null
  answers: Record<string, string>
  createdAt: string
}

export type Availability = {
  staffId: string
  weekly: { weekday: number; starts: string; ends: string }[]
  holidayState: string | null
  exceptions: { id: string; startsAt: string; endsAt: string; kind: 'vacation' | 'court' | 'other'; note: string }[]
  editable: boolean
}

export type WeekCalendar = { staffId: string; from: string; to: string; bookings: Appointment[]; exceptions: Availability['exceptions']; pending: Appointment[] }

export const getTypes = query(() => getJson<AppointmentType[]>(`${APPOINTMENTS}/types`), 'appointments.types')
/** firm: the firm's view (staff booking or moving for a client: without the client's notice). */
export const getSlots = query(
  (typeId: string, from: string, to: string, firm = false) =>
    getJson<{ slots: { startsAt: string; endsAt: string }[] }>(`${APPOINTMENTS}/types/${id(typeId)}/slots?from=${from}&to=${to}${firm ? '&firm=true' : ''}`),
  'appointments.slots',
)
export const getMine = query(() => getJson<Appointment[]>(`${APPOINTMENTS}/mine`), 'appointments.mine')
export const getAppointment = query((appointmentId: string) => getJson<Appointment>(`${APPOINTMENTS}/${id(appointmentId)}`), 'appointments.one')
export const getStaff = query(() => getJson<{ id: string; displayName: string; isAdmin: boolean }[]>(`${APPOINTMENTS}/staff`), 'appointments.staff')
export const getAvailability = query((staffId: string) => getJson<Availability>(`${APPOINTMENTS}/availability?staffId=${id(staffId)}`), 'appointments.availability')
export const getWeek = query((staffId: string, from: string) => getJson<WeekCalendar>(`${APPOINTMENTS}/calendar?staffId=${id(staffId)}&from=${from}`), 'appointments.week')
export const getFeed = query(() => getJson<{ active: boolean; createdAt: string | null; withNames: boolean }>(`${APPOINTMENTS}/feed`), 'appointments.feed')

const refreshBookings = () => revalidate([getMine.key, getAppointment.key, getWeek.key, getSlots.key])

export const bookAppointment = (input: { typeId: string; startsAt: string; clientId?: string; answers: Record<string, string>; timeZone: string }) =>
  postJson<Appointment>(APPOINTMENTS, input).then(async (a) => {
    await refreshBookings()
    return a
  })
/** What staff may book for a client: its people with the types each may book, its open projects. */
export type BookingOptions = {
  people: { id: string; name: string; types: { typeId: string; projectId: string | null }[] }[]
  projects: { id: string; name: string }[]
}
export const getBookingOptions = query(
  (clientId: string) => getJson<BookingOptions>(`${APPOINTMENTS}/for-client/options?clientId=${id(clientId)}`),
  'appointments.bookingOptions',
)
export const bookForClient = (input: { clientId: string; personId: string; typeId: string; projectId: string | null; startsAt: string; answers: Record<string, string> }) =>
  postJson<Appointment>(`${APPOINTMENTS}/for-client`, input).then(async (a) => {
    await refreshBookings()
    return a
  })
export const reschedule = (appointmentId: string, startsAt: string, timeZone: string) =>
  postJson<Appointment>(`${APPOINTMENTS}/${id(appointmentId)}/reschedule`, { startsAt, timeZone }).finally(refreshBookings)
export const cancelAppointment = (appointmentId: string) => postJson<Appointment>(`${APPOINTMENTS}/${id(appointmentId)}/cancel`, {}).finally(refreshBookings)
export const confirmAppointment = (appointmentId: string) => postJson<Appointment>(`${APPOINTMENTS}/${id(appointmentId)}/confirm`, {}).finally(refreshBookings)
export const declineAppointment = (appointmentId: string, reason: string) =>
  postJson<Appointment>(`${APPOINTMENTS}/${id(appointmentId)}/decline`, { reason }).finally(refreshBookings)

export const saveType = action(async (typeId: string | null, input: TypeInput) => {
  const saved = typeId
    ? await api<AppointmentType>(`${APPOINTMENTS}/types/${id(typeId)}`, { method: 'PUT', body: input })
    : await postJson<AppointmentType>(`${APPOINTMENTS}/types`, input)
  await revalidate(getTypes.key)
  return saved
})
export const deleteType = action(async (typeId: string) => {
  await deleteJson(`${APPOINTMENTS}/types/${id(typeId)}`)
  await revalidate(getTypes.key)
})
export const saveAvailability = (input: { staffId: string; holidayState: string | null; weekly: Availability['weekly'] }) =>
  api<Availability>(`${APPOINTMENTS}/availability`, { method: 'PUT', body: input }).finally(() => revalidate(getAvailability.key))
export const addException = (input: { staffId: string; startsAt: string; endsAt: string; kind: string; note: string }) =>
  postJson(`${APPOINTMENTS}/exceptions`, input).finally(() => revalidate([getAvailability.key, getWeek.key]))
export const removeException = (exceptionId: string) => deleteJson(`${APPOINTMENTS}/exceptions/${id(exceptionId)}`).finally(() => revalidate([getAvailability.key, getWeek.key]))
export const createFeed = (withNames = false) => postJson<{ url: string }>(`${APPOINTMENTS}/feed`, { withNames }).finally(() => revalidate(getFeed.key))
export const revokeFeed = () => deleteJson(`${APPOINTMENTS}/feed`).finally(() => revalidate(getFeed.key))

/**
 * The video call of an appointment comes from the calls function (issue 7): whether Jitsi is set
 * up, the running calls of the appointment's item, and starting one (the call page is /anruf/:id).
 */
export const getCallSettings = query(() => getJson<{ enabled: boolean; origin: string | null }>(`${CALLS}/settings`), 'appointments.callSettings')
export const getRunningCalls = query((itemId: string) => getJson<{ id: string; endedAt: string | null }[]>(`${CALLS}?itemId=${id(itemId)}`), 'appointments.calls')
export const startVideoCall = (itemId: string) => postJson<{ id: string }>(CALLS, { itemId, media: 'video' })
