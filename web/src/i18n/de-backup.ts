/** German texts for the backup warning on the staff home page (admins). */
export const deBackup = {
  backup: {
    failedTitle: 'Datensicherung fehlgeschlagen',
    failedText: 'Die letzte Datensicherung oder ihre Prüfung ist am {{ at }} fehlgeschlagen.',
    missingTitle: 'Keine aktuelle Datensicherung',
    missingText: 'Seit mehr als 26 Stunden wurde keine Datensicherung erfolgreich abgeschlossen.',
    lastSuccess: 'Letzte erfolgreiche Sicherung: {{ at }}.',
    neverSucceeded: 'Bisher wurde noch keine Sicherung erfolgreich abgeschlossen.',
    error: 'Meldung: {{ error }}',
    whatToDo:
      'Was zu tun ist, steht in der Betriebsanleitung (docs/operations.md, Abschnitt „Backups“). Alle Administratorinnen und Administratoren wurden einmal per E-Mail benachrichtigt; die Warnung verschwindet nach der nächsten erfolgreichen Sicherung.',
  },
}
