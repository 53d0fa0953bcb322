// Moved to functions/_shared/upload/filename.ts (share upload links use the same receive path).
export * from '../../_shared/upload/filename.ts'
