import { deBackup } from './de-backup'
import { deAdmin } from './de-admin'
import { deAppointments } from './de-appointments'
import { deAuth } from './de-auth'
import { deClients } from './de-clients'
import { deDocumentAdmin } from './de-document-admin'
import { deOperations } from './de-operations'
import { deShares } from './de-shares'
import { deMessages } from './de-messages'
import { deChat } from './de-chat'
import { deDocuments } from './de-documents'
import { deFolders } from './de-folders'
import { deItems } from './de-items'
import { deProjects } from './de-projects'
import { deSecurity } from './de-security'

/**
 * German, the portal's first language. Every visible string lives here and in the de-*.ts parts
 * (and in en.ts); keys are grouped by screen. Templates use {{ name }} placeholders.
 */
export const de = {
  app: {
    name: 'Mandantenportal',
    skipToContent: 'Zum Inhalt springen',
    footer: 'Vertraulich. Betrieben auf den eigenen Servern Ihrer Kanzlei.',
    loading: 'Wird geladen …',
  },
  language: {
    label: 'Sprache',
    de: 'Deutsch',
    en: 'English',
  },
  common: {
    required: 'Pflichtfeld',
    showPassword: 'Passwort anzeigen',
    hidePassword: 'Passwort verbergen',
    show: 'Anzeigen',
    hide: 'Verbergen',
    retry: 'Erneut versuchen',
    toStart: 'Zur Startseite',
    toSignIn: 'Zur Anmeldung',
    cancel: 'Abbrechen',
    close: 'Schließen',
    save: 'Speichern',
    on: 'An',
    off: 'Aus',
  },
  errors: {
    generic: 'Das hat leider nicht geklappt. Bitte versuchen Sie es erneut.',
    requestId: 'Fehler-ID: {{ requestId }}',
    network: 'Keine Verbindung zum Portal. Bitte prüfen Sie Ihre Internetverbindung.',
    rateLimited: 'Zu viele Versuche in kurzer Zeit. Bitte warten Sie einen Moment.',
    unavailable: 'Das Portal ist gerade nicht erreichbar.',
    formHasErrors: 'Bitte prüfen Sie die markierten Angaben.',
    signedOut: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    factorRequired: 'Bitte richten Sie zuerst Ihren zweiten Faktor ein.',
    notAllowed: 'Dazu sind Sie nicht berechtigt, oder der Eintrag existiert nicht mehr.',
    notFoundText:
      'Entweder gibt es die Adresse nicht, oder sie ist für Ihr Konto nicht freigegeben. Wenden Sie sich bei Fragen an die Kanzlei.',
  },
  password: {
    hint: 'Mindestens 15 Zeichen. Am besten ein Satz aus mehreren Wörtern – leicht zu merken, schwer zu erraten.',
    strength: 'Passwortstärke: {{ level }}',
    checking: 'Passwortprüfung wird geladen …',
    levels: {
      0: 'sehr schwach',
      1: 'schwach',
      2: 'mittel',
      3: 'gut',
      4: 'sehr gut',
    },
    ok: 'Dieses Passwort erfüllt alle Anforderungen.',
    problems: {
      too_short: 'Mindestens 15 Zeichen',
      too_long: 'Höchstens 128 Zeichen',
      common: 'Dieses Passwort ist zu verbreitet',
      context: 'Enthält Ihren Namen, die Kanzlei oder Ihre E-Mail-Adresse',
      guessable: 'Leicht zu erraten – verlängern Sie es, z. B. mit mehreren Wörtern',
    },
  },
  duration: {
    day: '{{ count }} Tag',
    days: '{{ count }} Tagen',
    hour: '{{ count }} Stunde',
    hours: '{{ count }} Stunden',
    minute: '{{ count }} Minute',
    minutes: '{{ count }} Minuten',
    and: ' und ',
  },
  nav: {
    label: 'Hauptnavigation',
    overview: 'Übersicht',
    clients: 'Mandanten',
    myArea: 'Mein Bereich',
    security: 'Sicherheit',
    users: 'Benutzer',
    admin: 'Verwaltung',
    adminLabel: 'Verwaltung der Kanzlei',
    groups: 'Gruppen',
    officeHours: 'Sprechzeiten',
    userMenu: 'Benutzermenü',
    securitySettings: 'Sicherheit & Passwort',
    signOut: 'Abmelden',
    signOutFailed: 'Die Abmeldung hat nicht geklappt. Bitte versuchen Sie es erneut.',
  },
  grace: {
    banner: 'Bitte richten Sie innerhalb von {{ time }} einen zweiten Faktor ein.',
    detail: 'Danach ist das Portal erst wieder nutzbar, wenn er eingerichtet ist (Frist: {{ deadline }} Uhr).',
    action: 'Jetzt einrichten',
  },
  home: {
    title: 'Übersicht',
    morning: 'Guten Morgen, {{ name }}',
    day: 'Guten Tag, {{ name }}',
    evening: 'Guten Abend, {{ name }}',
    lead: 'Willkommen im Mandantenportal von {{ firm }}.',
    leadPlain: 'Willkommen im Mandantenportal.',
    security: {
      title: 'Ihre Sicherheit',
      ok: 'Ihr Konto ist mit einem zweiten Faktor geschützt.',
      missing: 'Ihr Konto ist noch nicht mit einem zweiten Faktor geschützt.',
      manage: 'Sicherheit verwalten',
    },
    users: {
      title: 'Benutzer',
      text: 'Mandanten und Team einladen, Zugänge sperren und zweite Faktoren zurücksetzen.',
      manage: 'Benutzer verwalten',
    },
    clients: {
      title: 'Mandanten',
      text: 'Ihre Mandanten mit Team, Projekten und Infoseiten; neue Mandanten anlegen.',
      manage: 'Zu den Mandanten',
    },
    myArea: {
      title: 'Mein Bereich',
      text: 'Infoseiten, Team und Projekte von {{ name }}.',
      textMany: 'Sie gehören zu {{ count }} Mandanten. Wählen Sie, für wen Sie handeln:',
      open: 'Öffnen',
    },
    soon: {
      title: 'Unterlagen, Nachrichten, Termine',
      text: 'Hier finden Sie bald Ihre Dokumente, Anfragen und Termine mit der Kanzlei – sicher an einem Ort.',
    },
  },
  ...deAuth,
  ...deSecurity,
  ...deAdmin,
  ...deClients,
  ...deProjects,
  ...deItems,
  ...deFolders,
  ...deDocuments,
  ...deDocumentAdmin,
  ...deOperations,
  ...deBackup,
  ...deShares,
  ...deAppointments,
  ...deMessages,
  ...deChat,
  notFound: {
    title: 'Seite nicht gefunden',
    text: 'Die aufgerufene Adresse gibt es in diesem Portal nicht. Vielleicht wurde der Link unvollständig kopiert.',
  },
}

/** The shape every language must provide. */
export type RawDictionary = typeof de
