// Moved to functions/_shared/upload/file-types.ts (share upload links use the same receive path).
export * from '../../_shared/upload/file-types.ts'
