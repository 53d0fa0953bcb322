import { action, query } from '@solidjs/router'
import { getJson, patchJson, postJson } from '../../lib/api'
import type { ProjectType } from '../projects/queries'

const DOCUMENTS = '/functions/v1/documents'

export type CategoryScope = 'firm' | 'client' | 'project_type' | 'client_project_type'
/** A category documents are filed into: firm-wide, for one client and/or one project type. */
export type Category = {
  id: string
  name: string
  scope: CategoryScope
  clientId: string | null
  projectType: ProjectType | null
  position: number
  archivedAt: string | null
}

export type LegalHold = {
  reason: string
  placedAt: string
  placedById: string | null
  placedByName: string | null
}

/** The firm's categories (also per project type) and, with clientId, that client's — archived too. */
export const getManagedCategories = query(async (clientId?: string) => {
  const suffix = clientId ? `?clientId=${encodeURIComponent(clientId)}` : ''
  return (await getJson<{ categories: Category[] }>(`${DOCUMENTS}/categories/manage${suffix}`)).categories
}, 'documentAdmin.categories')

/** The retention period in years and, with clientId, the client's legal hold (or null). */
export const getRetention = query(
  (clientId?: string) =>
    getJson<{ retentionYears: number; legalHold: LegalHold | null }>(
      `${DOCUMENTS}/retention${clientId ? `?clientId=${encodeURIComponent(clientId)}` : ''}`,
    ),
  'documentAdmin.retention',
)

/** Defines a category. Throws category_exists (409), not_found (firm-wide by non-admins). */
export const createCategory = action(
  (input: { name: string; clientId?: string | null; projectType?: ProjectType | null; position?: number }) =>
    postJson<Category>(`${DOCUMENTS}/categories`, input),
  'documentAdmin.createCategory',
)

/** Renames, moves or archives (archived: true) or restores a category. Throws category_exists, not_found. */
export const updateCategory = action(
  (input: { id: string; name?: string; position?: number; archived?: boolean }) => {
    const { id, ...body } = input
    return patchJson<Category>(`${DOCUMENTS}/categories/${encodeURIComponent(id)}`, body)
  },
  'documentAdmin.updateCategory',
)

/** Sets the firm's retention period (admins; not_found otherwise). */
export const setRetentionYears = action((retentionYears: number) =>
  patchJson<{ retentionYears: number }>(`${DOCUMENTS}/retention`, { retentionYears }), 'documentAdmin.setRetention')

/** Places a legal hold on a client. Throws legal_hold_exists (409), not_found. */
export const placeLegalHold = action((input: { clientId: string; reason: string }) =>
  postJson<unknown>(`${DOCUMENTS}/retention/legal-hold`, input), 'documentAdmin.placeLegalHold')

/** Lifts the client's legal hold. Throws not_found when there is none (or no right). */
export const liftLegalHold = action((clientId: string) =>
  postJson<unknown>(`${DOCUMENTS}/retention/legal-hold/lift`, { clientId }), 'documentAdmin.liftLegalHold')
