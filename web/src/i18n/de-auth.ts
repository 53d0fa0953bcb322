/** German texts of sign-in and everything around it: setup, second step, reset, invitation. */
export const deAuth = {
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
    signedOut: 'Sie haben sich abgemeldet. Bis zum nächsten Mal!',
    expired:
      'Die Anmeldung ist abgelaufen oder es gab zu viele falsche Codes. Bitte geben Sie Ihr Passwort erneut ein.',
    passwordReset:
      'Ihr neues Passwort ist gespeichert. Melden Sie sich jetzt an – Ihren zweiten Faktor brauchen Sie dabei weiterhin.',
    forgotPassword: 'Passwort vergessen?',
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
      invalid:
        'E-Mail-Adresse oder Passwort ist nicht korrekt – oder es gab zu viele Versuche. Bitte warten Sie einige Minuten.',
      failed: 'Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
    },
  },
  factor: {
    title: 'Anmeldung bestätigen',
    eyebrow: 'Anmeldung · Schritt 2 von 2',
    lead: 'Ihr Passwort war richtig. Bestätigen Sie jetzt mit Ihrem zweiten Faktor, dass Sie es sind.',
    intro: {
      totp: 'Öffnen Sie Ihre Authenticator-App und geben Sie den 6-stelligen Code ein, der dort für das Mandantenportal angezeigt wird.',
      email:
        'Wir senden Ihnen einen 6-stelligen Code an Ihre E-Mail-Adresse. Er gilt 10 Minuten und nur für diese Anmeldung.',
      recovery:
        'Geben Sie einen Ihrer Wiederherstellungscodes ein. Jeder Code gilt nur einmal; wir benachrichtigen Sie per E-Mail, wenn einer verwendet wird.',
    },
    label: {
      totp: 'Code aus der Authenticator-App',
      email: 'Code aus der E-Mail',
      recovery: 'Wiederherstellungscode',
    },
    recoveryHint: 'Zum Beispiel „abcde-fghjk-mnpqr-stuvw“. Groß- und Kleinschreibung spielt keine Rolle.',
    submit: 'Anmelden',
    verifying: 'Wird geprüft …',
    sendCode: 'Code per E-Mail senden',
    resend: 'Neuen Code senden',
    codeSent: 'Wir haben einen Code an {{ address }} gesendet.',
    othersTitle: 'Andere Möglichkeiten',
    switch: {
      totp: 'Authenticator-App verwenden',
      email: 'Code per E-Mail senden',
      recovery: 'Wiederherstellungscode verwenden',
    },
    asideTitle: 'Warum ein zweiter Faktor?',
    asideText:
      'Ihr Passwort allein öffnet Ihr Konto nicht. Erst der Code von Ihrem Smartphone oder aus Ihrer E-Mail bestätigt, dass wirklich Sie sich anmelden – so bleiben Ihre Unterlagen geschützt, selbst wenn jemand Ihr Passwort kennt.',
    asideHelp:
      'Der Code in der App wechselt alle 30 Sekunden. Passt er nicht, warten Sie auf den nächsten und prüfen Sie die Uhrzeit Ihres Smartphones.',
    asideLost:
      'Smartphone verloren? Melden Sie sich mit einem Wiederherstellungscode an oder wenden Sie sich an die Kanzlei.',
    errors: {
      missing: 'Bitte geben Sie den Code ein.',
      format: 'Bitte geben Sie die 6 Ziffern des Codes ein.',
      invalid: 'Dieser Code ist nicht gültig. Sie haben noch {{ left }} Versuche.',
      invalidLast: 'Dieser Code ist nicht gültig. Sie haben noch einen Versuch.',
      tooSoon: 'Bitte warten Sie noch {{ seconds }} Sekunden, bevor Sie einen neuen Code anfordern.',
      emailUnavailable:
        'Der Code per E-Mail ist für Ihr Konto nicht verfügbar. Bitte wählen Sie eine andere Möglichkeit.',
    },
  },
  forgot: {
    title: 'Passwort vergessen',
    eyebrow: 'Zugang wiederherstellen',
    lead: 'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.',
    email: 'E-Mail-Adresse',
    submit: 'Link anfordern',
    submitting: 'Wird gesendet …',
    back: 'Zurück zur Anmeldung',
    sent: 'Falls ein Konto mit der Adresse {{ email }} besteht, haben wir soeben einen Link an diese Adresse gesendet.',
    sentHint:
      'Der Link gilt eine Stunde und nur einmal. Keine E-Mail erhalten? Prüfen Sie Ihren Spam-Ordner oder fordern Sie in einigen Minuten einen neuen Link an.',
    toSignIn: 'Zur Anmeldung',
    asideTitle: 'So geht es weiter',
    points: {
      link: 'Sie erhalten einen Link per E-Mail und legen damit ein neues Passwort fest.',
      factor: 'Zur Anmeldung brauchen Sie danach weiterhin Ihren zweiten Faktor.',
    },
    errors: {
      missing: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
      invalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.',
    },
  },
  reset: {
    title: 'Neues Passwort festlegen',
    eyebrow: 'Zugang wiederherstellen',
    lead: 'Wählen Sie ein neues Passwort für Ihr Konto.',
    submit: 'Passwort speichern',
    submitting: 'Wird gespeichert …',
    invalid:
      'Dieser Link ist nicht (mehr) gültig. Links zum Zurücksetzen gelten eine Stunde und nur einmal.',
    requestNew: 'Neuen Link anfordern',
    asideTitle: 'Gut zu wissen',
    asideText:
      'Mit dem neuen Passwort werden alle bisherigen Anmeldungen Ihres Kontos beendet. Sie erhalten eine E-Mail zur Bestätigung.',
    asideNote:
      'Das Zurücksetzen meldet Sie nicht an: Zur Anmeldung brauchen Sie weiterhin Ihren zweiten Faktor.',
  },
  invitation: {
    title: 'Willkommen im Mandantenportal',
    eyebrow: 'Einladung',
    lead: '{{ firm }} hat Sie in das Mandantenportal eingeladen. Legen Sie ein Passwort fest, um Ihren Zugang zu aktivieren.',
    leadPlain: 'Legen Sie ein Passwort fest, um Ihren Zugang zu aktivieren.',
    name: 'Name',
    email: 'E-Mail-Adresse',
    passwordSection: 'Ihr Passwort',
    submit: 'Zugang aktivieren',
    submitting: 'Wird aktiviert …',
    invalid:
      'Diese Einladung ist nicht (mehr) gültig. Einladungen gelten 7 Tage und nur einmal. Bitte wenden Sie sich an die Kanzlei, wenn Sie eine neue Einladung brauchen.',
    toSignIn: 'Sie haben bereits einen Zugang? Zur Anmeldung',
    asideTitle: 'In drei Schritten startklar',
    steps: {
      password: 'Passwort festlegen',
      passwordDetail: 'Mindestens 15 Zeichen, gern ein ganzer Satz.',
      factor: 'Zweiten Faktor einrichten',
      factorDetail: 'Authenticator-App oder E-Mail-Code – innerhalb von drei Tagen.',
      portal: 'Sicher mit der Kanzlei arbeiten',
      portalDetail: 'Dokumente, Nachrichten und Termine an einem Ort.',
    },
    asideNote:
      'Das Portal läuft auf den Servern der Kanzlei. Ihre Daten werden verschlüsselt übertragen und gespeichert.',
  },
  newPassword: {
    password: 'Neues Passwort',
    repeat: 'Neues Passwort wiederholen',
    errors: {
      missing: 'Bitte wählen Sie ein Passwort.',
      weak: 'Das Passwort erfüllt die Anforderungen noch nicht.',
      rejected: 'Das Passwort wurde abgelehnt: {{ reasons }}.',
      mismatch: 'Die beiden Passwörter stimmen nicht überein.',
    },
  },
}
