import { t } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { genericErrorText } from '../../../lib/error-message'

/**
 * The extensions the portal accepts (the server's allow-list in functions/documents/lib/
 * file-types.ts; the server decides, this only spares a pointless upload).
 */
export const ACCEPTED_TYPES = [
  'pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'tif', 'tiff', 'heic', 'docx', 'xlsx', 'pptx',
  'odt', 'ods', 'zip', 'msg', 'doc', 'xls', 'txt', 'csv', 'xml', 'eml',
] as const

/** The lower-case extension of a file name, '' without one. */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : ''
}

/** ".pdf, .jpg" for the input's accept attribute. */
export const acceptAttribute = (types: readonly string[] | null) =>
  (types ?? ACCEPTED_TYPES).map((type) => `.${type}`).join(',')

/** Checks a file before uploading it; returns the German sentence why not, or undefined. */
export function checkBeforeUpload(file: File, allowed: readonly string[] | null): string | undefined {
  const ext = extensionOf(file.name)
  if (!ext || !(ACCEPTED_TYPES as readonly string[]).includes(ext))
    return ext ? t('upload.errors.typeNotAllowed', { ext }) : t('upload.errors.noExtension')
  if (allowed && !allowed.includes(ext))
    return t('upload.errors.typeNotRequested', { ext, types: formatTypes(allowed) })
  return undefined
}

/** "PDF, JPG oder PNG" */
export function formatTypes(types: readonly string[]): string {
  // JPEG and TIF are spellings of JPG and TIFF: name each format once.
  const spelled = types.filter((type) => !(type === 'jpeg' && types.includes('jpg')) && !(type === 'tif' && types.includes('tiff')))
  const upper = spelled.map((type) => type.toUpperCase())
  return upper.length > 1
    ? `${upper.slice(0, -1).join(', ')} ${t('upload.or')} ${upper.at(-1)}`
    : (upper[0] ?? '')
}

/** The sentence for a failed upload, from the server's error code (never its message). */
export function uploadErrorText(error: unknown, filename: string): string {
  const apiError = toApiError(error)
  const ext = extensionOf(filename)
  const data = (apiError.data ?? {}) as { allowed?: string[] }
  switch (apiError.code) {
    case 'payload_too_large':
      return t('upload.errors.tooLarge')
    case 'type_not_allowed':
      return data.allowed
        ? t('upload.errors.typeNotRequested', { ext, types: formatTypes(data.allowed) })
        : t('upload.errors.typeNotAllowed', { ext })
    case 'type_mismatch':
      return t('upload.errors.typeMismatch', { ext })
    case 'quota_exceeded':
      return t('upload.errors.quota')
    case 'request_closed':
      return t('upload.errors.requestClosed')
    case 'not_found':
      return t('upload.errors.notAllowed')
    case 'validation_failed':
      return t('upload.errors.invalidName')
    case 'conflict':
      return t('upload.errors.conflict')
    case 'network_error':
      return t('upload.errors.network')
    case 'category_required':
      return t('upload.errors.categoryRequired')
    case 'category_invalid':
      return t('upload.errors.categoryInvalid')
    case 'malware_found':
      return t('upload.errors.malware')
    case 'uploads_busy':
      return t('upload.errors.busy')
    default:
      return genericErrorText(apiError)
  }
}

/** "1,4 MB" in the UI language (decimal units, as file managers show them). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${value.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: digits })} ${units[unit]}`
}
