/**
 * German, the portal's first language. Every visible string lives here (and in en.ts); keys are
 * grouped by screen. Templates use {{ name }} placeholders.
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
  },
  errors: {
    generic: 'Das hat leider nicht geklappt. Bitte versuchen Sie es erneut.',
    requestId: 'Fehler-ID: {{ requestId }}',
    network: 'Keine Verbindung zum Portal. Bitte prüfen Sie Ihre Internetverbindung.',
    rateLimited: 'Zu viele Versuche in kurzer Zeit. Bitte warten Sie einen Moment.',
    unavailable: 'Das Portal ist gerade nicht erreichbar.',
    formHasErrors: 'Bitte prüfen Sie die markierten Angaben.',
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
  setup: {
    title: 'Portal einrichten',
    eyebrow: 'Ersteinrichtung',
    lead: 'Legen Sie Ihre Kanzlei und Ihren eigenen Zugang an. Sie verwalten das Portal anschließend als Administrator.',
    asideTitle: 'In wenigen Minuten startklar',
    asideText:
      'Das Portal läuft auf den Servern Ihrer Kanzlei. Diese Einrichtung ist nur einmal möglich – alles Weitere verwalten Sie danach im Portal.',
    steps: {
      account: 'Kanzlei und Ihren Zugang anlegen',
      accountDetail: 'Sie werden Administrator des Portals.',
      factor: 'Zweiten Faktor einrichten',
      factorDetail: 'Authenticator-App oder E-Mail-Code – Pflicht für jedes Konto.',
      clients: 'Team und Mandanten einladen',
      clientsDetail: 'Jede Person erhält einen eigenen, geschützten Zugang.',
    },
    sections: {
      firm: 'Kanzlei',
      person: 'Ihr Zugang',
      password: 'Passwort',
    },
    fields: {
      firmName: 'Name der Kanzlei',
      firmNameHint: 'So erscheint die Kanzlei im Portal und in E-Mails.',
      displayName: 'Ihr Name',
      displayNameHint: 'Zum Beispiel „Dr. Anna Schneider“.',
      email: 'E-Mail-Adresse',
      emailHint: 'Mit dieser Adresse melden Sie sich an.',
      password: 'Passwort',
      passwordRepeat: 'Passwort wiederholen',
      locale: 'Sprache für E-Mails und Portal',
    },
    submit: 'Portal einrichten',
    submitting: 'Wird eingerichtet …',
    errors: {
      firmNameMissing: 'Bitte geben Sie den Namen der Kanzlei ein.',
      firmNameInvalid: 'Bitte kürzen Sie den Namen der Kanzlei auf höchstens 200 Zeichen.',
      displayNameMissing: 'Bitte geben Sie Ihren Namen ein.',
      displayNameInvalid: 'Bitte kürzen Sie Ihren Namen auf höchstens 200 Zeichen.',
      emailMissing: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
      emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@kanzlei.de.',
      passwordMissing: 'Bitte wählen Sie ein Passwort.',
      passwordWeak: 'Das Passwort erfüllt die Anforderungen noch nicht.',
      passwordRejected: 'Das Passwort wurde abgelehnt: {{ reasons }}.',
      passwordRepeatMismatch: 'Die beiden Passwörter stimmen nicht überein.',
      localeInvalid: 'Bitte wählen Sie eine Sprache.',
      alreadyDone: 'Dieses Portal ist bereits eingerichtet.',
      toSignIn: 'Zur Anmeldung',
    },
  },
  signIn: {
    title: 'Anmelden',
    eyebrow: 'Sicherer Zugang',
    lead: 'Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.',
    asideTitle: 'Ihre Unterlagen, sicher verwahrt',
    points: {
      encrypted: 'Verschlüsselt übertragen und gespeichert',
      factor: 'Jedes Konto mit zweitem Faktor geschützt',
      onPremise: 'Betrieben auf den Servern Ihrer Kanzlei',
    },
    setupDone: 'Ihr Portal ist eingerichtet. Melden Sie sich jetzt mit Ihrem neuen Passwort an.',
    fields: {
      email: 'E-Mail-Adresse',
      password: 'Passwort',
    },
    submit: 'Anmelden',
    submitting: 'Anmeldung läuft …',
    errors: {
      emailMissing: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
      passwordMissing: 'Bitte geben Sie Ihr Passwort ein.',
      notAvailable: 'Anmeldung ist noch nicht verfügbar.',
      failed: 'Die Anmeldung ist fehlgeschlagen. Bitte prüfen Sie E-Mail-Adresse und Passwort.',
    },
  },
  start: {
    title: 'Willkommen',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    text: 'Die aufgerufene Adresse gibt es in diesem Portal nicht. Vielleicht wurde der Link unvollständig kopiert.',
  },
}

/** The shape every language must provide. */
export type RawDictionary = typeof de
