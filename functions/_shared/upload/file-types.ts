import { fileTypeFromBuffer } from 'file-type'
import { AppError } from '../errors.ts'

/**
 * The file types a law firm exchanges, by extension, with the media type the file's magic bytes
 * must show. Text formats have no magic bytes: they must not look like anything else.
 */
const ALLOWED: Record<string, string | null> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  zip: 'application/zip',
  msg: 'application/x-cfb',
  doc: 'application/x-cfb',
  xls: 'application/x-cfb',
  txt: null,
  csv: null,
  xml: null,
  eml: null,
}
const TEXT_TYPES: Record<string, string> = { txt: 'text/plain', csv: 'text/csv', xml: 'application/xml', eml: 'message/rfc822' }

export const MAGIC_BYTES = 4100

/**
 * Decides the stored media type from the extension and the first bytes. Throws type_not_allowed
 * for an extension outside the list and type_mismatch when extension and content disagree.
 */
export async function checkFileType(filename: string, head: Buffer): Promise<string> {
  const ext = filename.includes('.') ? filename.split('.').pop()!.toLowerCase() : ''
  if (!(ext in ALLOWED)) throw new AppError('type_not_allowed', { status: 415, message: 'This file type is not accepted.', data: { extension: ext } })
  const expected = ALLOWED[ext]
  const detected = head.length ? await fileTypeFromBuffer(head) : undefined
  if (expected === null) {
    if (detected) throw new AppError('type_mismatch', { status: 415, message: 'The file content does not match its name.', data: { extension: ext } })
    return TEXT_TYPES[ext]!
  }
  if (head.length === 0) return expected
  if (detected?.mime !== expected) throw new AppError('type_mismatch', { status: 415, message: 'The file content does not match its name.', data: { extension: ext } })
  return expected
}
