import { action, json, query } from '@solidjs/router'
import type { AudienceKind } from '../../components/audience-chip'
import { getJson, postJson } from '../../lib/api'
import { t } from '../../i18n'

export const DOCUMENTS = '/functions/v1/documents'
const id = (value: string) => encodeURIComponent(value)

/** Opened n of m, for the client's staff only (null for everyone else). */
export type ReceiptSummary = { recipients: number; opened: number; confirmed: number }

/** A document in a list: its latest version, who brought it, and the caller's own receipt. */
export type DocumentRow = {
  id: string
  clientId: string
  projectId: string | null
  title: string
  audience: AudienceKind
  category: string
  note: string
  requiresConfirmation: boolean
  requestId: string | null
  createdAt: string
  createdBy: string | null
  uploaderName: string | null
  fromFirm: boolean | null
  /** Set for a file a third party sent through an upload link (staff only see such files). */
  guestName: string | null
  deleted: boolean
  deletedAt: string | null
  filename: string
  size: number
  mediaType: string
  versionCount: number
  updatedAt: string
  myOpenedAt: string | null
  myConfirmedAt: string | null
  receipts: ReceiptSummary | null
}

export type DocumentVersion = {
  id: string
  version: number
  filename: string
  mediaType: string
  size: number
  createdAt: string
}

/** One document as GET /documents/:id answers (opening it records a 'viewed' receipt). */
export type DocumentDetail = {
  id: string
  clientId: string
  projectId: string | null
  title: string
  audience: AudienceKind
  category: string
  note: string
  requiresConfirmation: boolean
  createdAt: string
  versions: DocumentVersion[]
  confirmedAt: string | null
}

/** Per recipient: first view, first download, confirmation (staff see all, others themselves). */
export type Receipt = {
  accountId: string
  displayName: string | null
  firstViewedAt: string | null
  firstDownloadedAt: string | null
  confirmedAt: string | null
}

export type RequestStatus = 'open' | 'submitted' | 'accepted' | 'returned'

/** A document request (Unterlagenanforderung) as the list answers it. */
export type DocumentRequest = {
  id: string
  title: string
  hint: string
  dueAt: string | null
  allowedTypes: string[] | null
  status: RequestStatus
  statusReason: string
  audience: AudienceKind
  createdAt: string
  submitted: number
  /** The example file, when the caller may see it (null otherwise, or when there is none). */
  exampleDocumentId: string | null
  exampleFilename: string | null
}

export type DocumentScope = { clientId: string; projectId?: string; requestId?: string }

/** The documents of a client (or project, or the answers to a request) the caller may see. */
export const getDocuments = query(async (scope: DocumentScope) => {
  const params = new URLSearchParams({ clientId: scope.clientId })
  if (scope.projectId) params.set('projectId', scope.projectId)
  if (scope.requestId) params.set('requestId', scope.requestId)
  return (await getJson<{ documents: DocumentRow[] }>(`${DOCUMENTS}?${params}`)).documents
}, 'documents.list')

/** The documents of a project, for outside participants too (they cannot read the client). */
export const getProjectDocuments = query(
  async (projectId: string) =>
    (await getJson<{ documents: DocumentRow[] }>(`${DOCUMENTS}?projectId=${id(projectId)}`))
      .documents,
  'documents.project',
)

/** One document with its versions. Throws not_found when the caller may not see it. */
export const getDocument = query(
  (itemId: string) => getJson<DocumentDetail>(`${DOCUMENTS}/${id(itemId)}`),
  'documents.one',
)

/** Who received the document and when they opened it (staff: everyone; others: themselves). */
export const getReceipts = query(
  async (itemId: string) =>
    (await getJson<{ receipts: Receipt[] }>(`${DOCUMENTS}/${id(itemId)}/receipts`)).receipts,
  'documents.receipts',
)

/** The document requests of a client the caller may see, open ones first. */
export const getRequests = query(
  async (clientId: string) =>
    (await getJson<{ requests: DocumentRequest[] }>(`${DOCUMENTS}/requests?clientId=${id(clientId)}`))
      .requests,
  'documents.requests',
)

/** The address of a document's file: a download, or the inline preview (PDF and images). */
export function fileUrl(itemId: string, options: { version?: number; inline?: boolean } = {}) {
  const params = new URLSearchParams()
  if (options.version) params.set('version', String(options.version))
  if (options.inline) params.set('inline', '1')
  const query = params.toString()
  return `${DOCUMENTS}/${id(itemId)}/file${query ? `?${query}` : ''}`
}

export type NewRequestInput = {
  clientId: string
  title: string
  hint: string
  dueAt: string | null
  allowedTypes: string[] | null
  audience: 'client' | 'project' | 'people'
  projectId: string | null
  recipients: string[]
  /** An example file the firm uploaded for the same audience just before. */
  exampleDocumentId: string | null
}

/** Staff ask a client, a project or named people for a document; they get a mail. */
export const createRequest = action(
  (input: NewRequestInput) => postJson<{ id: string; asked: number }>(`${DOCUMENTS}/requests`, input),
  'documents.createRequest',
)

/**
 * Staff take back an example file whose request could not be created (a staff delete within
 * 24 hours of the upload counts as a mistake and is allowed; the reason is audited).
 */
export const discardExample = (itemId: string, reason: string) =>
  postJson<{ deleted: 'soft' | 'hard' }>(`${DOCUMENTS}/${id(itemId)}/delete`, { reason })

/** Staff accept a request's submissions, optionally sharing them with the whole client. */
export const acceptRequest = action(
  async (input: { requestId: string; shareWithClient: boolean }) =>
    json(
      await postJson<{ status: RequestStatus }>(
        `${DOCUMENTS}/requests/${id(input.requestId)}/accept`,
        input.shareWithClient ? { shareWith: 'client' } : {},
      ),
      { revalidate: [getRequests.key, getDocuments.key] },
    ),
  'documents.acceptRequest',
)

/** Staff return a request's submissions with a reason the uploaders read (and get by mail). */
export const returnRequest = action(
  async (input: { requestId: string; reason: string }) =>
    json(
      await postJson<{ status: RequestStatus }>(
        `${DOCUMENTS}/requests/${id(input.requestId)}/return`,
        { reason: input.reason },
      ),
      { revalidate: [getRequests.key] },
    ),
  'documents.returnRequest',
)

/** Staff remind the recipients who have not downloaded the document yet. */
export const remindRecipients = action(
  async (itemId: string) =>
    json(await postJson<{ reminded: number }>(`${DOCUMENTS}/${id(itemId)}/remind`, {}), {
      revalidate: [],
    }),
  'documents.remind',
)

/** The recipient confirms receipt explicitly. */
export const confirmReceipt = action(
  async (itemId: string) =>
    json(await postJson<{ confirmed: true }>(`${DOCUMENTS}/${id(itemId)}/confirm`, {}), {
      revalidate: [getDocument.keyFor(itemId), getReceipts.keyFor(itemId), getDocuments.key],
    }),
  'documents.confirm',
)

/** A category an upload can be filed into (defined by the firm per client or project type). */
export type UploadCategory = { id: string; name: string }

/** The categories an upload into a client (or project) may choose; required for clients when any. */
export const getUploadCategories = query(
  (scope: { clientId?: string; projectId?: string }) => {
    const params = new URLSearchParams(
      scope.projectId ? { projectId: scope.projectId } : { clientId: scope.clientId ?? '' },
    )
    return getJson<{ categories: UploadCategory[]; required: boolean }>(`${DOCUMENTS}/categories?${params}`)
  },
  'documents.categories',
)

/** What a delete would do now: soft for clients (their own uploads), for good for staff. */
export type Lifecycle = {
  deleted: { at: string; by: { id: string; displayName: string | null } } | null
  retention: { endsAt: string; mistakeWindowEndsAt: string; legalHold: boolean } | null
  delete: { mode: 'soft' | 'hard'; allowed: boolean; blockedBy: string | null }
}

export const getLifecycle = query(
  (itemId: string) => getJson<Lifecycle>(`${DOCUMENTS}/${id(itemId)}/lifecycle`),
  'documents.lifecycle',
)

/** Deletes a document (clients softly; staff for good, with a reason). */
export const deleteDocument = action(
  async (input: { itemId: string; reason?: string }) =>
    json(
      await postJson<{ deleted: 'soft' | 'hard' }>(
        `${DOCUMENTS}/${id(input.itemId)}/delete`,
        input.reason ? { reason: input.reason } : {},
      ),
      { revalidate: [getDocuments.key, getProjectDocuments.key, getLifecycle.keyFor(input.itemId)] },
    ),
  'documents.delete',
)

/** Staff undo a client's soft delete. */
export const restoreDocument = action(
  async (itemId: string) =>
    json(await postJson<{ restored: true }>(`${DOCUMENTS}/${id(itemId)}/restore`, {}), {
      revalidate: [getDocuments.key, getLifecycle.keyFor(itemId)],
    }),
  'documents.restore',
)

/** Who a document came from, as the lists and the document page name it. */
export function uploaderText(doc: Pick<DocumentRow, 'fromFirm' | 'guestName' | 'uploaderName'>): string {
  if (doc.guestName) return t('documents.viaUploadLink', { name: doc.guestName })
  return doc.fromFirm ? t('documents.fromFirm') : (doc.uploaderName ?? t('documents.someone'))
}
