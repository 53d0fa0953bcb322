// Moved to functions/_shared/upload/body.ts (share upload links use the same receive path).
export * from '../../_shared/upload/body.ts'
