import { action, query } from '@solidjs/router'
import { api, getJson, postJson } from '../../lib/api'

const OPERATIONS = '/functions/v1/operations'

/** A client whose mandate ended: when its retention ends and what blocks deleting it. */
export type RetentionEntry = {
  id: string
  number: string
  name: string
  mandateEndedAt: string
  /** Who recorded the mandate end (null: unknown) and when. */
  mandateEndSetBy: string | null
  mandateEndSetAt: string | null
  dueAt: string
  due: boolean
  legalHold: boolean
  documents: number
  canDelete: boolean
}

export type ClientRetention = {
  mandateEndedAt: string | null
  retentionEndsAt: string | null
  mandateEndSetBy: string | null
  mandateEndSetAt: string | null
  /** The day the client was created (YYYY-MM-DD, firm's time zone): the earliest mandate end. */
  clientCreatedOn: string
  retentionYears: number
  legalHold: boolean
  mayExport: boolean
}

/** The clients with a mandate end the caller looks after (admins: all), proposals first. */
export const getRetentionList = query(
  () => getJson<{ retentionYears: number; isAdmin: boolean; clients: RetentionEntry[] }>(`${OPERATIONS}/retention`),
  'operations.retention',
)

/** One client's mandate end and retention (its staff; not_found otherwise). */
export const getClientRetention = query(
  (clientId: string) => getJson<ClientRetention>(`${OPERATIONS}/clients/${encodeURIComponent(clientId)}/retention`),
  'operations.clientRetention',
)

/** Records or clears the mandate end. Throws not_found, validation_failed, mandate_end_in_future, mandate_end_before_client. */
export const setMandateEnd = action(
  (input: { clientId: string; mandateEndedAt: string | null }) =>
    api<{ mandateEndedAt: string | null; retentionEndsAt: string | null; mandateEndSetBy: string | null; mandateEndSetAt: string | null }>(
      `${OPERATIONS}/clients/${encodeURIComponent(input.clientId)}/mandate-end`,
      { method: 'PUT', body: { mandateEndedAt: input.mandateEndedAt } },
    ),
  'operations.setMandateEnd',
)

/** Deletes a client after its retention (admins). Throws confirmation_mismatch, legal_hold, retention_period_running … */
export const deleteClient = action(
  (input: { clientId: string; confirmNumber: string }) =>
    postJson<{ deleted: true; number: string; documents: number; files: number }>(
      `${OPERATIONS}/clients/${encodeURIComponent(input.clientId)}/delete`,
      { confirmNumber: input.confirmNumber },
    ),
  'operations.deleteClient',
)

/** Where the browser downloads a client's GDPR export (a plain GET with the session cookie). */
export const exportUrl = (clientId: string) => `${OPERATIONS}/clients/${encodeURIComponent(clientId)}/export`

/** The last day of the retention (the day before the due date), for "Aufbewahrung bis …". */
export const lastRetainedDay = (dueAt: string) => new Date(new Date(dueAt).getTime() - 1)
