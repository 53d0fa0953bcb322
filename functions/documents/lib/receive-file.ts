// Moved to functions/_shared/upload/receive-file.ts (share upload links use the same receive path).
export * from '../../_shared/upload/receive-file.ts'
