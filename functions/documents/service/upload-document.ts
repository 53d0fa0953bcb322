// The upload is shared with message attachments (functions/_shared/documents).
export { checkQuota, checkUploadAllowed, firmName, uploadDocument } from '../../_shared/documents/upload-document.ts'
