import { action, json, query } from '@solidjs/router'
import { ApiError, deleteJson, getJson, patchJson, postJson } from '../../lib/api'

export const SHARES = '/functions/v1/shares'
export const GUEST = `${SHARES}/guest`
const id = (value: string) => encodeURIComponent(value)

/** What the Teilen dialog may offer for one client (the admin policy applied to the caller). */
export type SharePolicy = {
  canShare: boolean
  defaultDays: number
  maxDays: number
  requirePassword: boolean
  maxDaysForClients: number
  clientRequirePassword?: boolean
}

export type ShareStatus = 'active' | 'expired' | 'revoked' | 'exhausted'

export type ShareRow = {
  id: string
  clientId: string
  /** The client's name as the caller sees it. */
  clientName?: string | null
  createdBy: { id: string; displayName: string | null }
  createdAt: string
  expiresAt: string
  status: ShareStatus
  hasPassword: boolean
  maxDownloads: number | null
  downloads: number
  recipientEmail: string | null
  requireEmailCode: boolean
  items: { kind: 'document' | 'group'; id: string; title: string }[]
  lastAccessAt: string | null
  /** Upload links (file drop) carry their target and counts instead of documents. */
  kind?: 'download' | 'upload'
  target?: { projectId: string | null; requestId: string | null; title: string }
  maxFiles?: number | null
  uploads?: number
}

export type ShareAccess = {
  at: string
  ip: string | null
  action: 'opened' | 'downloaded' | 'denied' | 'uploaded'
  filename?: string | null
}

/** A file received through an upload link, with the guest's details. */
export type ShareReceived = { documentId: string; filename: string; size: number; guestName: string; guestEmail: string; at: string }

export type ShareDetail = ShareRow & { accesses: ShareAccess[]; received?: ShareReceived[] }

export type NewShareInput = {
  clientId: string
  documentIds?: string[]
  groupId?: string
  expiresInDays: number
  password?: string
  maxDownloads?: number
  recipientEmail?: string
  requireEmailCode?: boolean
  notifyOnFirstAccess?: boolean
}

/** May the caller share objects of this client, and within which limits. */
export const getSharePolicy = query(
  (clientId: string) => getJson<SharePolicy>(`${SHARES}/policy?clientId=${id(clientId)}`),
  'shares.policy',
)

/** The firm's share rules for the admin screen; canEdit for admins; when the logo was set. */
export type ShareSettings = {
  maxDays: number
  clientRequirePassword: boolean
  clientMaxDays: number
  canEdit: boolean
  logoUpdatedAt: string | null
}

export const getShareSettings = query(() => getJson<ShareSettings>(`${SHARES}/settings`), 'shares.settings')

/** Admins change the rules. Throws client_days_exceed_max, validation_failed, not_found. */
export const saveSharePolicy = action(
  async (input: { maxDays: number; clientRequirePassword: boolean; clientMaxDays: number }) =>
    json(await patchJson<{ maxDays: number; clientRequirePassword: boolean; clientMaxDays: number }>(`${SHARES}/policy`, input), {
      revalidate: [getShareSettings.key, getSharePolicy.key],
    }),
  'shares.savePolicy',
)

/** The firm's logo for signed-in people (the admin screen's preview); the guest page has its own. */
export const LOGO_URL = `${SHARES}/logo`

/** Admins upload the logo (the image is the body). Throws logo_type_not_allowed, payload_too_large, not_found. */
export const uploadLogo = action(async (file: File) => {
  let response: Response
  try {
    response = await fetch(LOGO_URL, { method: 'PUT', credentials: 'same-origin', headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' }, body: file })
  } catch {
    throw new ApiError('network_error', { status: 0 })
  }
  const payload = (await response.json().catch(() => undefined)) as { code?: string; message?: string; requestId?: string } | undefined
  if (!response.ok)
    throw new ApiError(payload?.code ?? 'bad_response', { status: response.status, message: payload?.message, requestId: payload?.requestId ?? response.headers.get('X-Request-Id') ?? undefined })
  return json(payload as { mediaType: string; size: number; updatedAt: string }, { revalidate: [getShareSettings.key] })
}, 'shares.uploadLogo')

/** Admins remove the logo. */
export const removeLogo = action(
  async () => json(await deleteJson<{ removed: true }>(LOGO_URL), { revalidate: [getShareSettings.key] }),
  'shares.removeLogo',
)

/** The caller's own shares (staff: all shares of their clients), optionally of one client. */
export const getShares = query(async (clientId?: string) => {
  const path = clientId ? `${SHARES}?clientId=${id(clientId)}` : SHARES
  return (await getJson<{ shares: ShareRow[] }>(path)).shares
}, 'shares.list')

/** One share with its access log. */
export const getShare = query(
  (shareId: string) => getJson<ShareDetail>(`${SHARES}/${id(shareId)}`),
  'shares.one',
)

/** Creates a download link; the answer holds the link, which is never shown again. */
export const createShare = action(
  async (input: NewShareInput) =>
    json(await postJson<{ id: string; url: string; expiresAt: string }>(SHARES, input), {
      revalidate: [getShares.key],
    }),
  'shares.create',
)

/** Ends a link at once; a guest's open page stops working on its next request. */
export const revokeShare = action(
  async (shareId: string) =>
    json(await postJson<{ revoked: true }>(`${SHARES}/${id(shareId)}/revoke`, {}), {
      revalidate: [getShares.key, getShare.keyFor(shareId)],
    }),
  'shares.revoke',
)

// ---- Guest (no account): plain calls, no router cache — every step is a fresh answer.

export type GuestStep =
  | { step: 'password' }
  | { step: 'email_code'; emailHint: string }
  | { step: 'open' }

export type GuestFile = { id: string; filename: string; size: number; mediaType: string }

export type GuestView = {
  kind?: 'download'
  firmName: string
  /** The firm has a logo: the page shows it (GUEST_LOGO). */
  hasLogo?: boolean
  expiresAt: string
  remainingDownloads: number | null
  title: string
  /** A folder (document group) was shared: the whole of it can be fetched as one ZIP. */
  isGroup?: boolean
  files: GuestFile[]
}

/** Redeems the link (and its password); answers the next step. */
export const openGuest = (token: string, password?: string) =>
  postJson<GuestStep>(`${GUEST}/open`, password === undefined ? { token } : { token, password })

/** Confirms the code mailed to the recipient. */
export const verifyGuest = (code: string) => postJson<GuestStep>(`${GUEST}/verify`, { code })

/** What the guest session may see: only the shared files. */
export const getGuestView = () => getJson<GuestView>(`${GUEST}/view`)

/** The address of a shared file: download, or inline preview for PDFs and images. */
export const guestFileUrl = (documentId: string, inline = false) =>
  `${GUEST}/files/${id(documentId)}${inline ? '?inline=1' : ''}`

export const GUEST_ZIP = `${GUEST}/zip`

/** The firm's logo as a guest sees it (while the link is valid). */
export const GUEST_LOGO = `${GUEST}/logo`

// ---- Upload links (file drop)

export type GuestUpload = { id: string; filename: string; size: number; mediaType: string; at: string }

/** What the guest of an upload link sees: the target's title, limits and only its own uploads. */
export type GuestUploadView = {
  kind: 'upload'
  firmName: string
  hasLogo?: boolean
  title: string
  expiresAt: string
  maxFileBytes: number
  remainingFiles: number | null
  guest: { name: string; email: string } | null
  uploads: GuestUpload[]
}

/** The view of either kind of link. */
export const getGuestAnyView = () => getJson<GuestView | GuestUploadView>(`${GUEST}/view`)

/** The guest of an upload link says who it is. */
export const identifyGuest = (name: string, email: string) =>
  postJson<{ identified: true }>(`${GUEST}/identify`, { name, email })

/** Where a guest uploads one file as a raw body (scripts; the page uploads resumably, below). */
export const guestUploadUrl = (filename: string) => `${GUEST}/uploads?filename=${id(filename)}`

/** The guest's resumable upload endpoint (tus; the only metadata is the file name). */
export const GUEST_TUS = `${GUEST}/tus`
