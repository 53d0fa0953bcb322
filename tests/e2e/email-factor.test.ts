import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, watchPage, type PageWatch } from './helpers/browser'
import { codeIn, linkIn, startMailbox, type Mailbox } from './helpers/mailbox'
import { apiCall, ownerDatabase, setUpFirm, signInByApi } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, PHONE_SIZE, shoot } from './helpers/shots'

const FIRM = {
  firmName: 'Lindner Rechtsanwälte',
  displayName: 'Jonas Lindner',
  email: 'j.lindner@lindner-recht.example',
  password: 'Regenbogen über dem Neckar 42',
}
const USER = {
  displayName: 'Sophie Wagner',
  email: 'sophie.wagner@mandantin.example',
  password: 'Leuchtturm am Morgen der Ostsee',
  newPassword: 'Drei Kraniche fliegen nach Süden',
}

describe.skipIf(!hasChromium())('e-mail factor, forgotten password, missed deadline', () => {
  let server: PortalServer
  let mailbox: Mailbox
  let browser: Browser
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  let user: Page

  beforeAll(async () => {
    mailbox = await startMailbox()
    server = await startPortal({ env: { SMTP_URL: mailbox.url } })
    await setUpFirm(server, FIRM)
    // The admin invites through the API here (the UI path is covered in accounts.test.ts).
    const cookie = await signInByApi(server, FIRM.email, FIRM.password)
    const invited = await apiCall(
      server,
      'POST',
      '/invitations',
      { email: USER.email, displayName: USER.displayName, kind: 'client' },
      cookie,
    )
    expect(invited.status).toBe(201)
    browser = await launchChromium()
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    await mailbox?.close()
  })

  async function open(size = DESKTOP_SIZE): Promise<Page> {
    const context = await browser.newContext({ viewport: size, locale: 'de-DE' })
    contexts.push(context)
    const page = await context.newPage()
    watches.push(watchPage(page, server.origin))
    return page
  }

  function expectClean() {
    for (const watch of watches) {
      expect(watch.foreignRequests, 'requests to other origins').toEqual([])
      expect(watch.errors, 'console errors (CSP violations show up here)').toEqual([])
    }
  }

  async function signOut(page: Page) {
    await page.getByRole('button', { name: /Benutzermenü/ }).click()
    await page.getByRole('button', { name: 'Abmelden' }).click()
    await page.waitForURL(`${server.origin}/anmelden?abgemeldet=1`)
  }

  /** Password, then the e-mail code from the loopback mailbox. */
  async function signInWithMailedCode(page: Page, password: string) {
    await page.fill('#email', USER.email)
    await page.fill('#password', password)
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await page.waitForURL(`${server.origin}/anmelden/zweiter-faktor`)
    await page.getByRole('button', { name: 'Code per E-Mail senden' }).click()
    await page.getByText(/Wir haben einen Code an s•••@mandantin\.example gesendet/).waitFor()
    const mail = await mailbox.take(USER.email, /Ihr Anmeldecode für das Mandantenportal/)
    await page.getByLabel('Code aus der E-Mail').fill(codeIn(mail))
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await page.waitForURL(`${server.origin}/`)
    await page.getByRole('heading', { level: 1, name: /Sophie Wagner/ }).waitFor()
  }

  it('a second user enrols the e-mail factor and signs in with the mailed code', async () => {
    const invitation = await mailbox.take(
      USER.email,
      /Einladung in das Mandantenportal von Lindner Rechtsanwälte/,
    )
    user = await open(PHONE_SIZE)
    await user.goto(linkIn(invitation))
    await user.getByText(USER.email, { exact: true }).waitFor()
    await user.fill('#newPassword', USER.password)
    await user.fill('#newPasswordRepeat', USER.password)
    await user
      .getByText('Dieses Passwort erfüllt alle Anforderungen.')
      .waitFor({ timeout: 20_000 })
    await user.getByRole('button', { name: 'Zugang aktivieren' }).click()
    await user.waitForURL(`${server.origin}/sicherheit/zweiter-faktor`)

    await user.getByRole('button', { name: /Code per E-Mail/ }).click()
    await user
      .getByText(/Wir haben einen Bestätigungscode an s•••@mandantin\.example gesendet/)
      .waitFor()
    await shoot(user, 'enrol-email')
    const mail = await mailbox.take(
      USER.email,
      /Bestätigen Sie Ihre E-Mail-Adresse als zweiten Faktor/,
    )
    await user.getByLabel('Code aus der E-Mail').fill(codeIn(mail))
    await user.getByRole('button', { name: 'Bestätigen' }).click()
    await user.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' }).waitFor()
    expect(await user.locator('.recovery__code').count()).toBe(10)
    await user.getByLabel('Ich habe die Codes sicher aufbewahrt.').check()
    await user.getByRole('button', { name: 'Weiter zum Portal' }).click()
    await user.waitForURL(`${server.origin}/`)

    await signOut(user)
    await signInWithMailedCode(user, USER.password)
    expectClean()
  })

  it('a forgotten password is reset by mail; sign-in still asks for the factor', async () => {
    await signOut(user)
    await user.getByRole('link', { name: 'Passwort vergessen?' }).click()
    await user.waitForURL(`${server.origin}/passwort-vergessen`)
    await user.getByRole('heading', { level: 1, name: 'Passwort vergessen' }).waitFor()
    await user.getByRole('button', { name: 'Link anfordern' }).click()
    await user.getByText('Bitte geben Sie Ihre E-Mail-Adresse ein.').waitFor()
    expect(await user.getAttribute('#email', 'aria-invalid')).toBe('true')
    await shoot(user, 'forgot-password')
    await user.fill('#email', USER.email)
    await user.getByRole('button', { name: 'Link anfordern' }).click()
    await user.getByText(`Falls ein Konto mit der Adresse ${USER.email} besteht`).waitFor()
    await shoot(user, 'forgot-password-sent')

    const mail = await mailbox.take(USER.email, /Passwort für das Mandantenportal zurücksetzen/)
    const link = linkIn(mail)
    expect(link).toMatch(new RegExp(`^${server.origin}/passwort-zuruecksetzen#`))
    await user.goto(link)
    await user.getByRole('heading', { level: 1, name: 'Neues Passwort festlegen' }).waitFor()
    expect(user.url()).toBe(`${server.origin}/passwort-zuruecksetzen`)
    await user.fill('#newPassword', 'sommer2024')
    await user
      .locator('.checklist__item', { hasText: 'Mindestens 15 Zeichen' })
      .waitFor({ timeout: 20_000 })
    await user.fill('#newPassword', USER.newPassword)
    await user.fill('#newPasswordRepeat', `${USER.newPassword}!`)
    await user.getByRole('button', { name: 'Passwort speichern' }).click()
    await user.getByText('Die beiden Passwörter stimmen nicht überein.').waitFor()
    await shoot(user, 'reset-password')
    await user.fill('#newPasswordRepeat', USER.newPassword)
    await user.getByRole('button', { name: 'Passwort speichern' }).click()
    await user.waitForURL(`${server.origin}/anmelden`)
    await user.getByText('Ihr neues Passwort ist gespeichert.', { exact: false }).waitFor()
    await shoot(user, 'sign-in-after-reset')
    await mailbox.take(USER.email, /Ihr Passwort wurde geändert/)

    // The link works once; the old password no longer does.
    await user.goto(link)
    await user.getByRole('button', { name: 'Passwort speichern' }).waitFor()
    await user.fill('#newPassword', 'Noch ein ganz anderes Passwort 9')
    await user.fill('#newPasswordRepeat', 'Noch ein ganz anderes Passwort 9')
    await user.getByRole('button', { name: 'Passwort speichern' }).click()
    await user.getByText(/Dieser Link ist nicht \(mehr\) gültig/).waitFor()
    const old = await apiCall(server, 'POST', '/sign-in', {
      email: USER.email,
      password: USER.password,
    })
    expect(old.status).toBe(401)

    await user.goto(`${server.origin}/anmelden`)
    await signInWithMailedCode(user, USER.newPassword)
    expectClean()
  })

  it('admins switch the e-mail factor; past the deadline only enrolment remains', async () => {
    const admin = await open()
    await admin.goto(`${server.origin}/anmelden`)
    await admin.fill('#email', FIRM.email)
    await admin.fill('#password', FIRM.password)
    await admin.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await admin.waitForURL(`${server.origin}/`)
    await admin.goto(`${server.origin}/verwaltung/benutzer`)
    const row = admin.getByRole('row', { name: /Sophie Wagner/ })
    await row.getByText('E-Mail-Code').waitFor()
    const toggle = admin.getByRole('switch', {
      name: 'Code per E-Mail als zweiten Faktor erlauben',
    })
    expect(await toggle.getAttribute('aria-checked')).toBe('true')
    await toggle.click()
    await admin.getByText('Gespeichert: Der Code per E-Mail ist abgeschaltet.').waitFor()
    expect(await toggle.getAttribute('aria-checked')).toBe('false')
    const withoutEmail = await apiCall(server, 'POST', '/sign-in', {
      email: USER.email,
      password: USER.newPassword,
    })
    expect(withoutEmail.json.methods).toEqual(['recovery'])
    await toggle.click()
    await admin.getByText('Gespeichert: Der Code per E-Mail ist erlaubt.').waitFor()

    // Three days later (moved in the database): every page leads to the enrolment wizard.
    const sql = await ownerDatabase(server)
    try {
      await sql`update public.accounts set mfa_deadline = now() - interval '1 minute'
                where email = ${FIRM.email}`
    } finally {
      await sql.end()
    }
    await admin.goto(`${server.origin}/verwaltung/benutzer`)
    await admin.waitForURL(`${server.origin}/sicherheit/zweiter-faktor`)
    await admin.getByText('Die Frist für den zweiten Faktor ist abgelaufen.').waitFor()
    expect(await admin.getByRole('navigation', { name: 'Hauptnavigation' }).count()).toBe(0)
    await admin.getByRole('button', { name: /Code per E-Mail/ }).waitFor()
    await shoot(admin, 'enrol-overdue')
    await admin.goto(`${server.origin}/`)
    await admin.waitForURL(`${server.origin}/sicherheit/zweiter-faktor`)
    await admin.locator('.enrol__overdue').getByRole('button', { name: 'Abmelden' }).click()
    await admin.waitForURL(`${server.origin}/anmelden?abgemeldet=1`)
    expectClean()
  })
})
