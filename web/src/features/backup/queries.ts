import { query } from '@solidjs/router'
import { getJson } from '../../lib/api'

/** The backups' state as the server tells it (admins; everyone else gets an empty status). */
export type BackupStatus = {
  warning: { reason: 'failed' | 'missing'; since: string } | null
  lastSuccessAt: string | null
  lastFailure: { at: string; error: string | null } | null
}

export const getBackupStatus = query(() => getJson<BackupStatus>('/functions/v1/backup/status'), 'backup.status')
