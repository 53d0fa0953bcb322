import { action, json, query } from '@solidjs/router'
import type { AccountKind } from '../auth/queries'
import { deleteJson, getJson, patchJson, postJson } from '../../lib/api'
import type { ClientAudience } from '../items/queries'

export const GROUPS = '/functions/v1/documents/groups'
const id = (value: string) => encodeURIComponent(value)

type Named = { id: string; displayName: string }
/** The audiences a folder can have: never firm-internal (it is there to talk with the client). */
export type FolderAudience = Exclude<ClientAudience, 'internal'>

/** A folder in a list, with counts of what the caller sees in it. */
export type FolderRow = {
  id: string
  title: string
  audience: FolderAudience
  clientId: string
  projectId: string | null
  projectName: string | null
  recipients: Named[]
  createdAt: string
  documents: number
  comments: number
  lastActivityAt: string
}

export type FolderDocument = {
  id: string
  title: string
  filename: string | null
  mediaType: string | null
  size: number | null
  version: number | null
  addedAt: string
}

/** A comment; body null is a tombstone (deletedAt set). revisions counts earlier texts. */
export type FolderComment = {
  id: string
  authorId: string
  authorName: string | null
  body: string | null
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
  revisions: number
}

/** Someone in the folder's audience: they can be mentioned as @[id]. */
export type FolderPerson = Named & { kind: AccountKind }

export type Folder = {
  id: string
  clientId: string
  projectId: string | null
  projectName: string | null
  title: string
  audience: FolderAudience
  recipients: Named[]
  createdAt: string
  createdBy: string | null
  /** The creator and the client's staff add and remove documents (the server decides again). */
  mayEdit: boolean
  documents: FolderDocument[]
  comments: FolderComment[]
  people: FolderPerson[]
}

export type CommentHistory = {
  revisions: { body: string; writtenAt: string; replacedAt: string }[]
  current: { body: string; writtenAt: string }
}

export type FolderScope = { clientId: string } | { projectId: string }

/** The folders of a client or project the caller may see, latest first. Throws not_found. */
export const getFolders = query(async (scope: FolderScope) => {
  const params = new URLSearchParams(
    'clientId' in scope ? { clientId: scope.clientId } : { projectId: scope.projectId },
  )
  return (await getJson<{ groups: FolderRow[] }>(`${GROUPS}?${params}`)).groups
}, 'folders.list')

/** One folder with its documents, comments and the people one can mention. Throws not_found. */
export const getFolder = query(
  (folderId: string) => getJson<Folder>(`${GROUPS}/${id(folderId)}`),
  'folders.one',
)

/** Earlier texts of a comment. Throws not_found for a deleted or invisible comment. */
export const getCommentHistory = query(
  (commentId: string) => getJson<CommentHistory>(`${GROUPS}/comments/${id(commentId)}/revisions`),
  'folders.history',
)

/** A document of the client as the documents function lists it (only what the picker needs). */
export type ClientDocument = {
  id: string
  title: string
  filename: string
  audience: ClientAudience
  projectId: string | null
  createdAt: string
  deleted: boolean
}

/** The client's documents the caller may see, newest first, for the "add documents" picker. */
export const getClientDocuments = query(
  async (clientId: string) =>
    (
      await getJson<{ documents: ClientDocument[] }>(
        `/functions/v1/documents?clientId=${id(clientId)}`,
      )
    ).documents.filter((doc) => !doc.deleted),
  'folders.clientDocuments',
)

export type NewFolder = {
  clientId: string
  title: string
  audience: FolderAudience
  projectId: string | null
  recipients: string[]
}

/** Creates a folder for an audience; the policies decide who may (staff, members who upload). */
export const createFolder = action(
  (input: NewFolder) => postJson<{ id: string }>(GROUPS, input),
  'folders.create',
)

/** Adds documents one after another; stops at the first refusal (already added ones stay). */
export const addDocuments = action(async (input: { folderId: string; documentIds: string[] }) => {
  for (const documentId of input.documentIds)
    await postJson<{ added: true }>(`${GROUPS}/${id(input.folderId)}/documents`, { documentId })
  return json({ added: input.documentIds.length }, { revalidate: [getFolder.key, getFolders.key] })
}, 'folders.addDocuments')

/** Takes a document out of the folder (the document stays). Throws not_found. */
export const removeDocument = action(
  async (input: { folderId: string; documentId: string }) =>
    json(
      await deleteJson<{ removed: true }>(
        `${GROUPS}/${id(input.folderId)}/documents/${id(input.documentId)}`,
      ),
      { revalidate: [getFolder.key, getFolders.key] },
    ),
  'folders.removeDocument',
)

/** Writes a comment; mentions travel as @[account id] and are mailed without the text. */
export const addComment = action(
  async (input: { folderId: string; body: string }) =>
    json(
      await postJson<{ id: string }>(`${GROUPS}/${id(input.folderId)}/comments`, {
        body: input.body,
      }),
      { revalidate: getFolder.key },
    ),
  'folders.addComment',
)

/** The author changes their comment; the previous text is kept as a revision. */
export const editComment = action(
  async (input: { commentId: string; body: string }) =>
    json(
      await patchJson<{ changed: true }>(`${GROUPS}/comments/${id(input.commentId)}`, {
        body: input.body,
      }),
      { revalidate: [getFolder.key, getCommentHistory.key] },
    ),
  'folders.editComment',
)

/** The author deletes their comment: everyone sees a tombstone from then on. */
export const deleteComment = action(
  async (commentId: string) =>
    json(await postJson<{ changed: true }>(`${GROUPS}/comments/${id(commentId)}/delete`, {}), {
      revalidate: getFolder.key,
    }),
  'folders.deleteComment',
)

/** Where a document's file is served: as a download, or inline for the browser's own viewer. */
export const fileUrl = (documentId: string, inline = false) =>
  `/functions/v1/documents/${id(documentId)}/file${inline ? '?inline=1' : ''}`
export const zipUrl = (folderId: string) => `${GROUPS}/${id(folderId)}/zip`

/** PDFs and common images open in the browser (the server serves them inline, sandboxed). */
export const previewable = (mediaType: string | null) =>
  Boolean(mediaType && /^(application\/pdf|image\/(png|jpeg|gif|webp))$/.test(mediaType))
