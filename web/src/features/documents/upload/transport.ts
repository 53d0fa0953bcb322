import { Upload, type DetailedError, type PreviousUpload, type UrlStorage } from 'tus-js-client'
import { ApiError } from '../../../lib/api'
import { UPLOAD_MEMORY_PREFIX } from '../../../lib/upload-memory'
import { DOCUMENTS } from '../queries'

/** The resumable upload endpoint (tus 1.0.0 with creation). */
export const TUS_ENDPOINT = `${DOCUMENTS}/uploads`
const CHUNK_SIZE = 8 * 1024 * 1024

/**
 * The metadata of a new document: exactly the query fields of the raw upload (ZUploadQuery on
 * the server); the tus endpoint takes the same keys as Upload-Metadata.
 */
export type UploadMeta = {
  clientId: string
  filename: string
  title?: string
  audience?: 'client' | 'project' | 'people' | 'internal'
  projectId?: string
  recipients?: string
  category?: string
  note?: string
  requiresConfirmation?: 'true' | 'false'
  notify?: 'true' | 'false'
  requestId?: string
}

export type UploadCallbacks = {
  onProgress: (sent: number, total: number) => void
  /** The new document's id (a new version answers with the document's own id). */
  onDone: (documentId: string) => void
  onError: (error: ApiError) => void
}

export type UploadHandle = { cancel: () => void }

const defined = (meta: UploadMeta): Record<string, string> =>
  Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined && value !== ''))

/** The error envelope of an answer body (also the `{ error: { … } }` form), else bad_response. */
function errorFromBody(status: number, body: string, requestId?: string | null): ApiError {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>
    const envelope = (parsed.error && typeof parsed.error === 'object' ? parsed.error : parsed) as {
      code?: unknown
      message?: string
      data?: unknown
      requestId?: string
    }
    if (typeof envelope.code === 'string')
      return new ApiError(envelope.code, {
        status,
        message: envelope.message,
        data: envelope.data,
        requestId: envelope.requestId ?? requestId ?? undefined,
      })
  } catch {
    // Not JSON: a proxy's page or a cut connection.
  }
  if (status === 413) return new ApiError('payload_too_large', { status })
  return new ApiError(status === 0 ? 'network_error' : 'bad_response', { status })
}

/**
 * Uploads one file as the raw body of a POST (XMLHttpRequest, for its upload progress): used for
 * new versions, and for new documents when resumable uploads are unavailable.
 */
export function rawUpload(url: string, file: File, callbacks: UploadCallbacks): UploadHandle {
  const xhr = new XMLHttpRequest()
  let cancelled = false
  xhr.open('POST', url)
  xhr.setRequestHeader('Content-Type', 'application/octet-stream')
  xhr.setRequestHeader('Accept', 'application/json')
  xhr.upload.onprogress = (event) => callbacks.onProgress(event.loaded, event.total || file.size)
  xhr.onload = () => {
    if (xhr.status === 201) {
      const answer = JSON.parse(xhr.responseText) as { id?: string; versionId: string }
      callbacks.onProgress(file.size, file.size)
      callbacks.onDone(answer.id ?? answer.versionId)
    } else
      callbacks.onError(errorFromBody(xhr.status, xhr.responseText, xhr.getResponseHeader('X-Request-Id')))
  }
  xhr.onerror = () => !cancelled && callbacks.onError(new ApiError('network_error', { status: 0 }))
  xhr.send(file)
  return {
    cancel() {
      cancelled = true
      xhr.abort()
    },
  }
}

/**
 * Where unfinished uploads are remembered for resuming: this tab's sessionStorage, and only the
 * upload URL, size and time — never the metadata (file name, title, note, client, recipients),
 * which tus-js-client would otherwise keep in localStorage beyond sign-out.
 */
type Remembered = Pick<PreviousUpload, 'size' | 'creationTime' | 'uploadUrl'>
const uploadStorage: UrlStorage = {
  async findAllUploads() {
    return Object.keys(sessionStorage)
      .filter((key) => key.startsWith(UPLOAD_MEMORY_PREFIX))
      .flatMap((key) => remembered(key))
  },
  async findUploadsByFingerprint(fingerprint) {
    return Object.keys(sessionStorage)
      .filter((key) => key.startsWith(`${UPLOAD_MEMORY_PREFIX}${fingerprint}:`))
      .flatMap((key) => remembered(key))
  },
  async removeUpload(key) {
    sessionStorage.removeItem(key)
  },
  async addUpload(fingerprint, upload) {
    const key = `${UPLOAD_MEMORY_PREFIX}${fingerprint}:${crypto.randomUUID()}`
    const entry: Remembered = { size: upload.size, creationTime: upload.creationTime, uploadUrl: upload.uploadUrl }
    sessionStorage.setItem(key, JSON.stringify(entry))
    return key
  },
}
function remembered(key: string): PreviousUpload[] {
  try {
    const entry = JSON.parse(sessionStorage.getItem(key) ?? '') as Remembered
    return [{ ...entry, metadata: {}, urlStorageKey: key, parallelUploadUrls: null }]
  } catch {
    return []
  }
}

/**
 * Resumes only the very same upload: the file AND where it goes (client, audience, recipients,
 * category …). The same file sent elsewhere is a new upload, never a continuation of the old one.
 */
async function fingerprintOf(file: File, endpoint: string, metadata: Record<string, string>): Promise<string> {
  const subject = JSON.stringify([file.name, file.size, file.lastModified, endpoint, Object.entries(metadata).sort()])
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(subject))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Uploads a new document resumably (tus): 8 MiB chunks, retries after network failures, and a
 * fingerprint so a reload or a lost connection resumes where it stopped. The server checks
 * permission, type, size and quota on creation and the content after the last chunk; either
 * answers the usual error envelope. The final PATCH names the document in Upload-Document-Id.
 */
export function tusUpload(file: File, meta: UploadMeta, callbacks: UploadCallbacks): UploadHandle {
  return resumableUpload(TUS_ENDPOINT, file, defined(meta), callbacks)
}

/**
 * A resumable upload to any of the portal's tus endpoints (new documents; the guests of upload
 * links send only { filename } to theirs), remembered in this tab for resuming as above.
 */
export function resumableUpload(endpoint: string, file: File, metadata: Record<string, string>, callbacks: UploadCallbacks): UploadHandle {
  let documentId = ''
  const upload = new Upload(file, {
    endpoint,
    chunkSize: CHUNK_SIZE,
    retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
    metadata,
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    urlStorage: uploadStorage,
    fingerprint: (f) => fingerprintOf(f as File, endpoint, metadata),
    // Refusals (4xx but conflicts and throttling) are final; everything else is worth a retry.
    onShouldRetry: (error: DetailedError) => {
      const status = error.originalResponse?.getStatus() ?? 0
      return status === 0 || status === 409 || status === 423 || status === 429 || status >= 500
    },
    onProgress: (sent, total) => callbacks.onProgress(sent, total),
    onAfterResponse: (_request, response) => {
      const id = response.getHeader('Upload-Document-Id')
      if (id) documentId = id
    },
    onSuccess: () => callbacks.onDone(documentId),
    onError: (error) => {
      const response = (error as DetailedError).originalResponse
      callbacks.onError(
        response
          ? errorFromBody(response.getStatus(), response.getBody(), response.getHeader('X-Request-Id'))
          : new ApiError('network_error', { status: 0 }),
      )
    },
  })
  void upload
    .findPreviousUploads()
    .then((previous) => {
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0])
    })
    .catch(() => undefined)
    .finally(() => upload.start())
  return {
    cancel() {
      // Terminate: the server discards what was staged.
      void upload.abort(true).catch(() => undefined)
    },
  }
}

/** Whether new documents go through the resumable endpoint (true once it is deployed). */
export const RESUMABLE = true

/** Uploads a new document the best way available. */
export function uploadDocument(file: File, meta: UploadMeta, callbacks: UploadCallbacks) {
  if (RESUMABLE) return tusUpload(file, meta, callbacks)
  const params = new URLSearchParams(defined(meta))
  return rawUpload(`${DOCUMENTS}?${params}`, file, callbacks)
}

/** Uploads a new version of a document (raw body). */
export function uploadVersion(itemId: string, file: File, callbacks: UploadCallbacks) {
  const params = new URLSearchParams({ filename: file.name })
  return rawUpload(`${DOCUMENTS}/${encodeURIComponent(itemId)}/versions?${params}`, file, callbacks)
}
