import type { deBackup } from './de-backup'

/** English texts for the backup warning on the staff home page (admins). */
export const enBackup: typeof deBackup = {
  backup: {
    failedTitle: 'Backup failed',
    failedText: 'The latest backup or its verification failed on {{ at }}.',
    missingTitle: 'No recent backup',
    missingText: 'No backup has succeeded for more than 26 hours.',
    lastSuccess: 'Last successful backup: {{ at }}.',
    neverSucceeded: 'No backup has succeeded yet.',
    error: 'Message: {{ error }}',
    whatToDo:
      'What to do is in the operations guide (docs/operations.md, section “Backups”). Every admin was told once by e-mail; the warning goes away after the next successful backup.',
  },
}
