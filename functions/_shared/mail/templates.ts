import { appointmentTemplates } from './appointment-templates.ts'
/**
 * Mail templates, German first. Mails carry no confidential content: a notice and a link (and,
 * for sign-in codes, the code itself, which is useless without the password).
 */
type Params = Record<string, string>
type Rendered = { subject: string; text: string }
type Template = Record<'de' | 'en', { subject: (p: Params) => string; body: (p: Params) => string }>

const greeting = { de: (p: Params) => `Guten Tag ${p.name},`, en: (p: Params) => `Hello ${p.name},` }
const footer = {
  de: 'Diese Nachricht wurde automatisch vom Mandantenportal versandt.',
  en: 'This message was sent automatically by the client portal.',
}
const notYou = {
  de: 'Falls Sie das nicht waren, melden Sie sich bitte umgehend bei der Kanzlei.',
  en: 'If this was not you, please contact the firm immediately.',
}

/** A due date (ISO timestamp) as the recipient reads it, in the firm's time zone. */
const dueDate = (iso: string | undefined, locale: 'de' | 'en') => {
  const date = new Date(iso ?? '')
  if (Number.isNaN(date.getTime())) return iso ?? ''
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(date)
}

const templates = {
  // Appointments (Termine): booked, confirmed, declined with the reason, moved, cancelled, reminder.
  ...appointmentTemplates,
  'welcome-admin': {
    de: {
      subject: (p) => `Ihr Mandantenportal für ${p.firmName} ist eingerichtet`,
      body: (p) => `Ihr Mandantenportal ist eingerichtet. Sie können sich hier anmelden:\n${p.link}\n\nBitte richten Sie innerhalb von drei Tagen einen zweiten Faktor ein.`,
    },
    en: {
      subject: (p) => `Your client portal for ${p.firmName} is ready`,
      body: (p) => `your client portal is set up. Sign in here:\n${p.link}\n\nPlease set up a second factor within three days.`,
    },
  },
  'sign-in-code': {
    de: {
      subject: () => 'Ihr Anmeldecode für das Mandantenportal',
      body: (p) => `Ihr Anmeldecode lautet:\n\n    ${p.code}\n\nEr gilt 10 Minuten und nur für diese Anmeldung. Geben Sie ihn niemandem weiter.\n\n${notYou.de}`,
    },
    en: {
      subject: () => 'Your sign-in code for the client portal',
      body: (p) => `your sign-in code is:\n\n    ${p.code}\n\nIt is valid for 10 minutes and for this sign-in only. Never share it.\n\n${notYou.en}`,
    },
  },
  'factor-code': {
    de: {
      subject: () => 'Bestätigen Sie Ihre E-Mail-Adresse als zweiten Faktor',
      body: (p) => `Ihr Bestätigungscode lautet:\n\n    ${p.code}\n\nEr gilt 10 Minuten.\n\n${notYou.de}`,
    },
    en: {
      subject: () => 'Confirm your e-mail address as a second factor',
      body: (p) => `your confirmation code is:\n\n    ${p.code}\n\nIt is valid for 10 minutes.\n\n${notYou.en}`,
    },
  },
  'account-locked': {
    de: {
      subject: () => 'Viele fehlgeschlagene Anmeldeversuche bei Ihrem Konto',
      body: (p) => `bei Ihrem Konto gab es viele fehlgeschlagene Anmeldeversuche. Weitere Versuche werden deshalb vorübergehend verzögert; die Sperre endet von selbst.\n\nIhr Passwort allein genügt nicht für eine Anmeldung: der zweite Faktor schützt Ihr Konto. Wenn Sie Ihr Passwort ändern möchten: ${p.link}\n\n${notYou.de}`,
    },
    en: {
      subject: () => 'Many failed sign-in attempts on your account',
      body: (p) => `there were many failed sign-in attempts on your account. Further attempts are delayed for a while; the lock ends by itself.\n\nYour password alone is not enough to sign in: your second factor protects your account. To change your password: ${p.link}\n\n${notYou.en}`,
    },
  },
  'factor-added': {
    de: { subject: () => 'Neuer zweiter Faktor eingerichtet', body: () => `für Ihr Konto wurde ein neuer zweiter Faktor eingerichtet.\n\n${notYou.de}` },
    en: { subject: () => 'New second factor set up', body: () => `a new second factor was set up for your account.\n\n${notYou.en}` },
  },
  'recovery-code-used': {
    de: { subject: () => 'Ein Wiederherstellungscode wurde verwendet', body: (p) => `soeben wurde einer Ihrer Wiederherstellungscodes zur Anmeldung verwendet. Es verbleiben ${p.remaining} Codes.\n\n${notYou.de}` },
    en: { subject: () => 'A recovery code was used', body: (p) => `one of your recovery codes was just used to sign in. ${p.remaining} codes remain.\n\n${notYou.en}` },
  },
  invitation: {
    de: {
      subject: (p) => `Einladung in das Mandantenportal von ${p.firmName}`,
      body: (p) => `${p.inviter} lädt Sie in das Mandantenportal von ${p.firmName} ein. Dort tauschen Sie vertrauliche Dokumente und Nachrichten sicher mit der Kanzlei aus.\n\nLegen Sie hier Ihr Passwort fest (der Link gilt 7 Tage und nur einmal):\n${p.link}\n\nInnerhalb von drei Tagen richten Sie danach einen zweiten Faktor ein, z. B. eine Authenticator-App.`,
    },
    en: {
      subject: (p) => `Invitation to the client portal of ${p.firmName}`,
      body: (p) => `${p.inviter} invites you to the client portal of ${p.firmName}, where you exchange confidential documents and messages with the firm securely.\n\nSet your password here (the link is valid for 7 days and once only):\n${p.link}\n\nWithin three days you then set up a second factor, e.g. an authenticator app.`,
    },
  },
  'password-reset': {
    de: {
      subject: () => 'Passwort für das Mandantenportal zurücksetzen',
      body: (p) => `Sie können hier ein neues Passwort festlegen (der Link gilt eine Stunde und nur einmal):\n${p.link}\n\nZur Anmeldung brauchen Sie danach weiterhin Ihren zweiten Faktor.\n\nFalls Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren.`,
    },
    en: {
      subject: () => 'Reset your client portal password',
      body: (p) => `you can set a new password here (the link is valid for one hour and once only):\n${p.link}\n\nYou will still need your second factor to sign in.\n\nIf you did not ask for this, ignore this message.`,
    },
  },
  'password-changed': {
    de: {
      subject: () => 'Ihr Passwort wurde geändert',
      body: (p) => `das Passwort Ihres Kontos wurde soeben geändert${p.sessionsEnded === 'yes' ? '; Ihre anderen Sitzungen wurden beendet' : ''}.\n\n${notYou.de}`,
    },
    en: {
      subject: () => 'Your password was changed',
      body: (p) => `the password of your account was just changed${p.sessionsEnded === 'yes' ? '; your other sessions were ended' : ''}.\n\n${notYou.en}`,
    },
  },
  'recovery-codes-renewed': {
    de: { subject: () => 'Neue Wiederherstellungscodes erstellt', body: () => `für Ihr Konto wurden neue Wiederherstellungscodes erstellt; die bisherigen gelten nicht mehr.\n\n${notYou.de}` },
    en: { subject: () => 'New recovery codes created', body: () => `new recovery codes were created for your account; the previous ones no longer work.\n\n${notYou.en}` },
  },
  'factor-removed': {
    de: { subject: () => 'Ein zweiter Faktor wurde entfernt', body: () => `von Ihrem Konto wurde ein zweiter Faktor entfernt.\n\n${notYou.de}` },
    en: { subject: () => 'A second factor was removed', body: () => `a second factor was removed from your account.\n\n${notYou.en}` },
  },
  'factors-reset': {
    de: {
      subject: () => 'Die Kanzlei hat Ihren zweiten Faktor zurückgesetzt',
      body: (p) => `die Kanzlei hat die zweiten Faktoren Ihres Kontos zurückgesetzt (Grund: ${p.reason}). Bitte melden Sie sich an und richten Sie innerhalb von 24 Stunden einen neuen zweiten Faktor ein:\n${p.link}\n\n${notYou.de}`,
    },
    en: {
      subject: () => 'The firm reset your second factor',
      body: (p) => `the firm reset the second factors of your account (reason: ${p.reason}). Please sign in and set up a new second factor within 24 hours:\n${p.link}\n\n${notYou.en}`,
    },
  },
  'added-to-client': {
    de: {
      subject: (p) => `Sie haben Zugang zu ${p.clientName} im Mandantenportal`,
      body: (p) => `${p.inviter} möchte Ihnen im Mandantenportal von ${p.firmName} Zugang zu „${p.clientName}“ geben. Nach der Anmeldung können Sie die Einladung hier annehmen oder ignorieren:\n${p.link}`,
    },
    en: {
      subject: (p) => `You now have access to ${p.clientName} in the client portal`,
      body: (p) => `${p.inviter} would like to give you access to "${p.clientName}" in the client portal of ${p.firmName}. After signing in, accept or ignore the invitation here:\n${p.link}`,
    },
  },
  'new-document': {
    de: {
      subject: (p) => `Neues Dokument von ${p.firmName}`,
      body: (p) => `im Mandantenportal liegt ein neues Dokument für Sie bereit${p.confirm === 'yes' ? ' (bitte bestätigen Sie den Empfang)' : ''}:\n${p.link}`,
    },
    en: {
      subject: (p) => `New document from ${p.firmName}`,
      body: (p) => `a new document is waiting for you in the client portal${p.confirm === 'yes' ? ' (please confirm receipt)' : ''}:\n${p.link}`,
    },
  },
  'document-reminder': {
    de: { subject: (p) => `Erinnerung: Dokument von ${p.firmName}`, body: (p) => `im Mandantenportal wartet ein Dokument, das Sie noch nicht geöffnet haben:\n${p.link}` },
    en: { subject: (p) => `Reminder: document from ${p.firmName}`, body: (p) => `a document you have not opened yet is waiting in the client portal:\n${p.link}` },
  },
  'document-request': {
    de: {
      subject: (p) => `${p.firmName} bittet um Unterlagen`,
      body: (p) => `die Kanzlei bittet Sie im Mandantenportal um Unterlagen${p.due ? ` (bis ${p.due})` : ''}. Sie können sie dort sicher hochladen:\n${p.link}`,
    },
    en: {
      subject: (p) => `${p.firmName} asks for documents`,
      body: (p) => `the firm asks you for documents in the client portal${p.due ? ` (by ${p.due})` : ''}. Upload them securely there:\n${p.link}`,
    },
  },
  'request-returned': {
    de: { subject: (p) => `${p.firmName}: Bitte Unterlagen erneut einreichen`, body: (p) => `die Kanzlei hat eingereichte Unterlagen zurückgegeben. Den Grund finden Sie im Mandantenportal:\n${p.link}` },
    en: { subject: (p) => `${p.firmName}: please submit documents again`, body: (p) => `the firm returned documents you submitted. You will find the reason in the client portal:\n${p.link}` },
  },
  // Scheduled reminders about a document request (no title: a request's name can be confidential).
  'request-due-soon': {
    de: {
      subject: (p) => `Erinnerung: ${p.firmName} wartet auf Unterlagen`,
      body: (p) => `die Kanzlei hat Sie im Mandantenportal um Unterlagen gebeten, die bis ${dueDate(p.due, 'de')} fällig sind. Sie können sie dort sicher hochladen:\n${p.link}`,
    },
    en: {
      subject: (p) => `Reminder: ${p.firmName} is waiting for documents`,
      body: (p) => `the firm asked you for documents in the client portal that are due by ${dueDate(p.due, 'en')}. Upload them securely there:\n${p.link}`,
    },
  },
  'request-overdue': {
    de: {
      subject: (p) => `Überfällig: ${p.firmName} wartet noch auf Unterlagen`,
      body: (p) => `die Unterlagen, um die die Kanzlei Sie im Mandantenportal gebeten hat, waren bis ${dueDate(p.due, 'de')} fällig und liegen noch nicht vor. Bitte laden Sie sie dort hoch oder melden Sie sich bei der Kanzlei:\n${p.link}`,
    },
    en: {
      subject: (p) => `Overdue: ${p.firmName} is still waiting for documents`,
      body: (p) => `the documents the firm asked you for in the client portal were due by ${dueDate(p.due, 'en')} and have not arrived yet. Please upload them there or contact the firm:\n${p.link}`,
    },
  },
  mentioned: {
    de: { subject: () => 'Sie wurden in einem Kommentar erwähnt', body: (p) => `Sie wurden im Mandantenportal in einem Kommentar erwähnt:\n${p.link}` },
    en: { subject: () => 'You were mentioned in a comment', body: (p) => `you were mentioned in a comment in the client portal:\n${p.link}` },
  },
  'account-disabled': {
    de: { subject: () => 'Ihr Zugang zum Mandantenportal wurde gesperrt', body: () => `Ihr Zugang zum Mandantenportal wurde von der Kanzlei gesperrt. Bei Fragen wenden Sie sich bitte an die Kanzlei.` },
    en: { subject: () => 'Your client portal access was disabled', body: () => `your access to the client portal was disabled by the firm. Please contact the firm with any questions.` },
  },
  // Share links (Freigabelinks): never a file name or a document title.
  'share-link': {
    de: {
      subject: (p) => `${p.firmName}: Dateien für Sie freigegeben`,
      body: (p) => `${p.sender ? `${p.sender} hat über das Mandantenportal von ${p.firmName} Dateien für Sie freigegeben.` : `Über das Mandantenportal von ${p.firmName} wurden Dateien für Sie freigegeben.`} Der Link gilt bis ${dueDate(p.expires, 'de')}:\n${p.link}`,
    },
    en: {
      subject: (p) => `${p.firmName}: files shared with you`,
      body: (p) => `${p.sender ? `${p.sender} shared files with you through the client portal of ${p.firmName}.` : `Files were shared with you through the client portal of ${p.firmName}.`} The link is valid until ${dueDate(p.expires, 'en')}:\n${p.link}`,
    },
  },
  // Upload links (issue 6): the recipient is asked to upload; no target, file or client name.
  // Share mails name the sender only when the database found the name safe to show (staff, no
  // address-like text: private.enqueue_share_link_mail); otherwise only the firm's portal.
  'share-upload-link': {
    de: {
      subject: (p) => `${p.firmName}: Bitte laden Sie Dateien hoch`,
      body: (p) => `${p.sender ? `${p.sender} bittet Sie` : 'Sie werden gebeten'}, über das Mandantenportal von ${p.firmName} Dateien hochzuladen. Sie brauchen dafür kein Konto. Der Link gilt bis ${dueDate(p.expires, 'de')}:\n${p.link}`,
    },
    en: {
      subject: (p) => `${p.firmName}: please upload your files`,
      body: (p) => `${p.sender ? `${p.sender} asks you` : 'You are asked'} to upload files through the client portal of ${p.firmName}. You do not need an account. The link is valid until ${dueDate(p.expires, 'en')}:\n${p.link}`,
    },
  },
  'share-code': {
    de: {
      subject: (p) => `${p.firmName}: Ihr Bestätigungscode für die Freigabe`,
      body: (p) => `Ihr Bestätigungscode für die freigegebenen Dateien lautet:\n\n    ${p.code}\n\nEr gilt 10 Minuten. Geben Sie ihn niemandem weiter.`,
    },
    en: {
      subject: (p) => `${p.firmName}: your confirmation code for the shared files`,
      body: (p) => `your confirmation code for the shared files is:\n\n    ${p.code}\n\nIt is valid for 10 minutes. Never share it.`,
    },
  },
  'share-accessed': {
    de: { subject: () => 'Ihr Freigabelink wurde geöffnet', body: (p) => `ein von Ihnen erstellter Freigabelink wurde zum ersten Mal geöffnet. Das Zugriffsprotokoll finden Sie im Mandantenportal:\n${p.link}` },
    en: { subject: () => 'Your share link was opened', body: (p) => `a share link you created was opened for the first time. See the access log in the client portal:\n${p.link}` },
  },
  'call-invitation': {
    de: { subject: () => 'Einladung zu einem Anruf im Mandantenportal', body: (p) => `Sie werden zu einem Anruf im Mandantenportal eingeladen. Mit diesem Link nehmen Sie nach der Anmeldung teil:\n${p.link}` },
    en: { subject: () => 'Invitation to a call in the client portal', body: (p) => `you are invited to a call in the client portal. Join with this link after signing in:\n${p.link}` },
  },
  'new-message': {
    de: { subject: () => 'Sie haben eine neue Nachricht im Portal', body: (p) => `Sie haben eine neue Nachricht im Mandantenportal. Sie können sie nach der Anmeldung hier lesen:\n${p.link}` },
    en: { subject: () => 'You have a new message in the portal', body: (p) => `you have a new message in the client portal. Read it here after signing in:\n${p.link}` },
  },
  'retention-due': {
    de: {
      subject: () => 'Löschvorschläge: Aufbewahrungsfrist abgelaufen',
      body: (p) => `bei ${p.count} Mandat(en) ist die Aufbewahrungsfrist abgelaufen. Die Löschvorschläge finden Sie nach der Anmeldung hier:\n${p.link}\n\nGelöscht wird erst, wenn eine Administratorin oder ein Administrator es bestätigt.`,
    },
    en: {
      subject: () => 'Deletion proposals: retention period ended',
      body: (p) => `the retention period of ${p.count} client(s) has ended. See the deletion proposals after signing in:\n${p.link}\n\nNothing is deleted until an administrator confirms it.`,
    },
  },
  // Backups (issue 9): to every admin, once per incident (a failed run or none in 26 hours).
  'backup-alert': {
    de: {
      subject: () => 'Datensicherung des Mandantenportals: bitte prüfen',
      body: (p) =>
        `${p.reason === 'failed' ? 'die letzte Datensicherung (oder ihre Prüfung) des Mandantenportals ist fehlgeschlagen.' : 'seit mehr als 26 Stunden wurde keine Datensicherung des Mandantenportals erfolgreich abgeschlossen.'}\n\nDetails zeigt die Startseite des Portals für Administratoren; was zu tun ist, steht in der Betriebsanleitung (docs/operations.md, „Datensicherung“):\n${p.link}\n\nDiese Nachricht kommt einmal je Vorfall; nach der nächsten erfolgreichen Sicherung ist der Vorfall abgeschlossen.`,
    },
    en: {
      subject: () => 'Client portal backups: please check',
      body: (p) =>
        `${p.reason === 'failed' ? 'the latest backup (or its verification) of the client portal failed.' : 'no backup of the client portal has succeeded for more than 26 hours.'}\n\nAdmins see the details on the portal's home page; what to do is in the operations guide (docs/operations.md, "Backups"):\n${p.link}\n\nThis message is sent once per incident; the next successful backup closes it.`,
    },
  },
} satisfies Record<string, Template>

export type MailTemplate = keyof typeof templates

/** Renders a template; unknown templates throw (they are a programming error). */
export function renderMail(template: MailTemplate, locale: 'de' | 'en', params: Params): Rendered {
  const t = (templates as Record<string, Template>)[template]?.[locale]
  if (!t) throw new Error(`unknown mail template ${template}`)
  return { subject: t.subject(params), text: `${greeting[locale](params)}\n\n${t.body(params)}\n\n-- \n${footer[locale]}\n` }
}
