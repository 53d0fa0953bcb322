import { createAsync } from '@solidjs/router'
import { Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { getBackupStatus } from '../../backup/queries'

/**
 * The admins' warning on the home page when backups failed or none succeeded in 26 hours (an
 * open incident on the server). Shows nothing to anyone else, and nothing while all is well.
 */
export function BackupWarning() {
  const status = createAsync(() => getBackupStatus().catch(() => undefined))
  return (
    <Show when={status()?.warning}>
      {(warning) => (
        <div class="backup-warning">
          <Alert
            tone="error"
            detail={status()?.lastFailure?.error && warning().reason === 'failed' ? t('backup.error', { error: status()!.lastFailure!.error! }) : undefined}
          >
            <strong class="backup-warning__title">
              {warning().reason === 'failed' ? t('backup.failedTitle') : t('backup.missingTitle')}
            </strong>{' '}
            {warning().reason === 'failed'
              ? t('backup.failedText', { at: formatTime(status()?.lastFailure?.at ?? warning().since) })
              : t('backup.missingText')}{' '}
            {status()?.lastSuccessAt ? t('backup.lastSuccess', { at: formatTime(status()!.lastSuccessAt) }) : t('backup.neverSucceeded')}
            <p class="backup-warning__todo">{t('backup.whatToDo')}</p>
          </Alert>
        </div>
      )}
    </Show>
  )
}
