import { readFile } from 'node:fs/promises'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authenticator } from './helpers/authenticator'
import { hasChromium, launchChromium, watchPage, type PageWatch } from './helpers/browser'
import { linkIn, startMailbox, type Mailbox } from './helpers/mailbox'
import { setUpFirm } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, PHONE_SIZE, shoot } from './helpers/shots'

const FIRM = {
  firmName: 'Kanzlei Hartmann & Weber',
  displayName: 'Dr. Clara Hartmann',
  email: 'c.hartmann@kanzlei-hartmann.example',
  password: 'Mondschein über Tübingen 7',
}
const IPAD =
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.5 Mobile/15E148 Safari/604.1'
const CLIENT = {
  displayName: 'Maximilian Brandt',
  email: 'm.brandt@beispiel.example',
  password: 'Kastanienallee im Herbstnebel 42',
}

describe.skipIf(!hasChromium())('accounts: invitation, authenticator app, sessions', () => {
  let server: PortalServer
  let mailbox: Mailbox
  let browser: Browser
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  let admin: Page
  let client: Page
  let app: ReturnType<typeof authenticator>
  let recoveryCodes: string[] = []

  beforeAll(async () => {
    mailbox = await startMailbox()
    server = await startPortal({
      env: {
        SMTP_URL: mailbox.url,
        MAIL_FROM: 'Kanzlei Hartmann & Weber <portal@hartmann.example>',
      },
    })
    await setUpFirm(server, FIRM)
    browser = await launchChromium()
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    await mailbox?.close()
  })

  async function open(size = DESKTOP_SIZE, userAgent?: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: size,
      userAgent,
      locale: 'de-DE',
      acceptDownloads: true,
    })
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

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${server.origin}/anmelden`)
    await page.fill('#email', email)
    await page.fill('#password', password)
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click()
  }

  const problem = (page: Page, text: string) => page.locator('.checklist__item', { hasText: text })
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name })

  it('the admin signs in without a factor, sees the countdown and invites a client', async () => {
    admin = await open()
    await signIn(admin, FIRM.email, FIRM.password)
    await admin.waitForURL(`${server.origin}/`)
    await admin.getByRole('heading', { level: 1, name: /Dr\. Clara Hartmann/ }).waitFor()
    await admin.getByText('Willkommen im Mandantenportal von Kanzlei Hartmann & Weber.').waitFor()
    // 72 hours of grace, minus the seconds the test took so far.
    await admin
      .getByText('Bitte richten Sie innerhalb von 2 Tagen und 23 Stunden einen zweiten Faktor ein.')
      .waitFor()
    await shoot(admin, 'home-grace')

    // The firm's settings sit under one "Verwaltung" tab with a second row of tabs; it opens on the users.
    await nav(admin, 'Verwaltung').click()
    await admin.waitForURL(`${server.origin}/verwaltung/benutzer`)
    await admin.getByRole('navigation', { name: 'Verwaltung der Kanzlei' }).getByRole('link', { name: 'Benutzer' }).waitFor()
    await admin.getByRole('heading', { level: 1, name: 'Benutzer' }).waitFor()
    const own = admin.getByRole('row', { name: /Dr\. Clara Hartmann/ })
    await own.getByText(/Noch keiner – Frist bis/).waitFor()

    await admin.getByRole('button', { name: 'Person einladen' }).click()
    const dialog = admin.getByRole('dialog', { name: 'Person einladen' })
    await dialog.waitFor()
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('invite-name')
    await dialog.getByRole('button', { name: 'Einladung senden' }).click()
    await dialog.getByText('Bitte geben Sie den Namen ein.').waitFor()
    const describedBy = await admin.getAttribute('#invite-name', 'aria-describedby')
    expect(describedBy).toContain('invite-name-error')
    await dialog.getByLabel('Name', { exact: true }).fill(CLIENT.displayName)
    await dialog.getByLabel('E-Mail-Adresse').fill(CLIENT.email)
    await dialog.getByLabel('Art des Zugangs').selectOption('client')
    await shoot(admin, 'users-invite')
    await dialog.getByRole('button', { name: 'Einladung senden' }).click()
    await admin
      .getByText(`Die Einladung an ${CLIENT.displayName} (${CLIENT.email}) ist unterwegs.`)
      .waitFor()
    const row = admin.getByRole('row', { name: new RegExp(CLIENT.displayName) })
    await row.getByText('Einladung offen').waitFor()
    await shoot(admin, 'users')
    expectClean()
  })

  it('an invited client refuses weak passwords, then enrols an authenticator app', async () => {
    const mail = await mailbox.take(
      CLIENT.email,
      /Einladung in das Mandantenportal von Kanzlei Hartmann & Weber/,
    )
    expect(mail.text).toContain('Dr. Clara Hartmann lädt Sie in das Mandantenportal')
    const link = linkIn(mail)
    expect(link).toMatch(new RegExp(`^${server.origin}/einladung#`))

    client = await open(PHONE_SIZE)
    await client.goto(link)
    await client.getByRole('heading', { level: 1, name: 'Willkommen im Mandantenportal' }).waitFor()
    await client
      .getByText('Kanzlei Hartmann & Weber hat Sie in das Mandantenportal eingeladen.')
      .waitFor()
    await client.getByText(CLIENT.email, { exact: true }).waitFor()
    // The token left the address bar at once.
    expect(client.url()).toBe(`${server.origin}/einladung`)
    await shoot(client, 'invitation')

    const tryPassword = async (password: string, reasons: string[]) => {
      await client.fill('#newPassword', password)
      await client.fill('#newPasswordRepeat', password)
      for (const reason of reasons) await problem(client, reason).waitFor({ timeout: 20_000 })
      await client.getByRole('button', { name: 'Zugang aktivieren' }).click()
      await client.getByText('Das Passwort erfüllt die Anforderungen noch nicht.').waitFor()
      expect(await client.evaluate(() => document.activeElement?.id)).toBe('newPassword')
      expect(await client.getAttribute('#newPassword', 'aria-invalid')).toBe('true')
    }
    await tryPassword('passwort123', ['Mindestens 15 Zeichen', 'Dieses Passwort ist zu verbreitet'])
    await tryPassword('Maximilian Brandt 1985!', [
      'Enthält Ihren Namen, die Kanzlei oder Ihre E-Mail-Adresse',
    ])
    await tryPassword('passwortpasswortpasswort', ['Dieses Passwort ist zu verbreitet'])
    await shoot(client, 'invitation-weak')

    await client.fill('#newPassword', CLIENT.password)
    await client.fill('#newPasswordRepeat', CLIENT.password)
    await problem(client, 'Dieses Passwort erfüllt alle Anforderungen.').waitFor()
    await client.getByRole('button', { name: 'Zugang aktivieren' }).click()

    await client.waitForURL(`${server.origin}/sicherheit/zweiter-faktor`)
    await client.getByRole('heading', { level: 1, name: 'Zweiten Faktor einrichten' }).waitFor()
    await shoot(client, 'enrol-choose')
    await client.getByRole('button', { name: /Authenticator-App/ }).click()
    await client.getByRole('img', { name: /QR-Code/ }).waitFor()
    const apps = ['Google Authenticator', 'Microsoft Authenticator', 'Authy', 'FreeOTP', 'Duo']
    for (const name of apps)
      await client.getByRole('listitem').filter({ hasText: name }).first().waitFor()
    const shown = (await client.locator('#totp-key').textContent()) ?? ''
    expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/)
    app = authenticator(shown.replace(/\s+/g, ''))
    await shoot(client, 'enrol-totp')

    await client.fill('#confirm-code', '000000')
    await client.getByRole('button', { name: 'Bestätigen' }).click()
    await client.getByText(/Der Code stimmt nicht/).waitFor()
    await client.fill('#confirm-code', await app.code())
    await client.getByRole('button', { name: 'Bestätigen' }).click()

    await client.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' }).waitFor()
    const codes = await client.locator('.recovery__code').allTextContents()
    recoveryCodes = codes
    expect(codes).toHaveLength(10)
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/)
    await shoot(client, 'enrol-recovery-codes')
    const [download] = await Promise.all([
      client.waitForEvent('download'),
      client.getByRole('button', { name: 'Herunterladen' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('mandantenportal-wiederherstellungscodes.txt')
    const file = await readFile((await download.path())!, 'utf8')
    for (const code of codes) expect(file).toContain(code)
    expect(file).toContain(`Wiederherstellungscodes für ${CLIENT.email}`)
    // The print stylesheet leaves only the code sheet.
    await client.emulateMedia({ media: 'print' })
    expect(await client.locator('.app-header').isVisible()).toBe(false)
    expect(await client.getByRole('button', { name: 'Herunterladen' }).isVisible()).toBe(false)
    expect(await client.locator('.recovery__code').first().isVisible()).toBe(true)
    await client.emulateMedia({ media: 'screen' })

    await client.getByRole('button', { name: 'Weiter zum Portal' }).click()
    await client
      .getByText('Bitte bestätigen Sie, dass Sie die Codes sicher aufbewahrt haben.')
      .waitFor()
    await client.getByLabel('Ich habe die Codes sicher aufbewahrt.').check()
    await client.getByRole('button', { name: 'Weiter zum Portal' }).click()
    await client.waitForURL(`${server.origin}/`)
    await client.getByText('Ihr Konto ist mit einem zweiten Faktor geschützt.').waitFor()
    expect(await client.locator('.grace-banner').count()).toBe(0)
    await shoot(client, 'home')
    const added = await mailbox.take(CLIENT.email, /Neuer zweiter Faktor eingerichtet/)
    expect(added.text).toContain('Guten Tag Maximilian Brandt')
    expectClean()
  })

  it('the client signs out and signs in again with password and a code from the app', async () => {
    await client.getByRole('button', { name: /Benutzermenü/ }).click()
    await shoot(client, 'user-menu')
    await client.getByRole('button', { name: 'Abmelden' }).click()
    await client.waitForURL(`${server.origin}/anmelden?abgemeldet=1`)
    await client.getByText('Sie haben sich abgemeldet.').waitFor()
    // Signed out for real: the session cookie is gone, and "/" leads back here.
    const cookies = await client.context().cookies()
    expect(cookies.filter((cookie) => cookie.name.includes('portal_session'))).toEqual([])
    await client.goto(`${server.origin}/sicherheit`)
    await client.waitForURL(`${server.origin}/anmelden`)

    await client.fill('#email', CLIENT.email)
    await client.fill('#password', CLIENT.password)
    await client.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await client.waitForURL(`${server.origin}/anmelden/zweiter-faktor`)
    await client.getByRole('heading', { level: 1, name: 'Anmeldung bestätigen' }).waitFor()
    expect(await client.getAttribute('#code', 'inputmode')).toBe('numeric')
    expect(await client.getAttribute('#code', 'autocomplete')).toBe('one-time-code')
    await shoot(client, 'sign-in-factor')

    await client.fill('#code', '123456')
    await client.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await client.getByText('Dieser Code ist nicht gültig. Sie haben noch 4 Versuche.').waitFor()
    expect(await client.getAttribute('#code', 'aria-describedby')).toContain('code-error')
    await shoot(client, 'sign-in-factor-wrong')
    await client.getByRole('button', { name: 'Wiederherstellungscode verwenden' }).click()
    await client.getByLabel('Wiederherstellungscode').waitFor()
    await client.getByRole('button', { name: 'Authenticator-App verwenden' }).click()
    await client.fill('#code', await app.code())
    await client.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await client.waitForURL(`${server.origin}/`)
    await client.getByRole('heading', { level: 1, name: /Maximilian Brandt/ }).waitFor()
    expectClean()
  })

  it('ends one other session, then "Überall sonst abmelden" ends the rest', async () => {
    // Two more devices sign in with recovery codes (the owner is told by mail each time).
    const signInWithRecovery = async (page: Page, code: string) => {
      await signIn(page, CLIENT.email, CLIENT.password)
      await page.waitForURL(`${server.origin}/anmelden/zweiter-faktor`)
      await page.getByRole('button', { name: 'Wiederherstellungscode verwenden' }).click()
      await page.getByLabel('Wiederherstellungscode').fill(code)
      await page.getByRole('button', { name: 'Anmelden', exact: true }).click()
      await page.waitForURL(`${server.origin}/`)
    }
    const laptop = await open()
    await signInWithRecovery(laptop, recoveryCodes[0]!.toUpperCase())
    const used = await mailbox.take(CLIENT.email, /Ein Wiederherstellungscode wurde verwendet/)
    expect(used.text).toContain('Es verbleiben 9 Codes.')
    const tablet = await open(DESKTOP_SIZE, IPAD)
    await signInWithRecovery(tablet, recoveryCodes[2]!)

    await nav(client, 'Sicherheit').click()
    await client.waitForURL(`${server.origin}/sicherheit`)
    await client.getByRole('heading', { level: 1, name: 'Sicherheit' }).waitFor()
    const sessions = client.getByRole('region', { name: 'Angemeldete Geräte' })
    await sessions.getByText('Dieses Gerät').waitFor()
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(3)
    await sessions.getByText(/Chrome unter Linux/).first().waitFor()
    await sessions.getByText('Safari unter iPadOS').waitFor()
    const region = (name: string) => client.getByRole('region', { name })
    await region('Zweiter Faktor').getByText('Authenticator-App').waitFor()
    const events = region('Letzte Ereignisse')
    await events.getByText('Wiederherstellungscode verwendet').first().waitFor()
    await shoot(client, 'security')

    await sessions.getByRole('button', { name: 'Safari unter iPadOS abmelden' }).click()
    await sessions.getByText('Ein anderes Gerät wurde abgemeldet.').waitFor()
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2)
    await tablet.goto(`${server.origin}/`)
    await tablet.waitForURL(`${server.origin}/anmelden`)

    await sessions.getByRole('button', { name: 'Überall sonst abmelden' }).click()
    await sessions.getByText('Ein anderes Gerät wurde abgemeldet.').waitFor()
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(1)

    await laptop.goto(`${server.origin}/sicherheit`)
    await laptop.waitForURL(`${server.origin}/anmelden`)
    expectClean()
  })

  it('the client changes the password with the current one and a recovery code', async () => {
    const form = client.getByRole('region', { name: 'Passwort ändern' })
    await form.getByLabel('Aktuelles Passwort').fill('nicht mein Passwort')
    await form.getByRole('radio', { name: 'Wiederherstellungscode' }).check()
    await form.getByRole('textbox', { name: 'Wiederherstellungscode' }).fill(recoveryCodes[1]!)
    const fresh = 'Apfelbäume blühen im Alten Land'
    await form.getByLabel('Neues Passwort', { exact: true }).fill(fresh)
    await form.getByLabel('Neues Passwort wiederholen').fill(fresh)
    await form.getByText('Dieses Passwort erfüllt alle Anforderungen.').waitFor({ timeout: 20e3 })
    await form.getByRole('button', { name: 'Passwort ändern' }).click()
    await form.getByText('Das aktuelle Passwort ist nicht korrekt.').waitFor()
    expect(await client.evaluate(() => document.activeElement?.id)).toBe('change-password')
    await form.getByLabel('Aktuelles Passwort').fill(CLIENT.password)
    await shoot(client, 'security-password')
    await form.getByRole('button', { name: 'Passwort ändern' }).click()
    await form
      .getByText('Ihr Passwort wurde geändert. Alle anderen Geräte wurden abgemeldet.')
      .waitFor()
    await mailbox.take(CLIENT.email, /Ihr Passwort wurde geändert/)
    expectClean()
  })

  it('staff see the factor status, and reset a lost phone with a reason', async () => {
    await admin.reload()
    const row = admin.getByRole('row', { name: new RegExp(CLIENT.displayName) })
    await row.getByText('Authenticator-App').waitFor()
    await row.getByText('Aktiv').waitFor()
    const resetLabel = `Zweiten Faktor von ${CLIENT.displayName} zurücksetzen`
    await row.getByRole('button', { name: resetLabel }).click()
    const dialog = admin.getByRole('dialog', { name: 'Zweiten Faktor zurücksetzen' })
    await dialog.getByRole('button', { name: 'Zurücksetzen' }).click()
    await dialog.getByText('Bitte geben Sie einen Grund an (mindestens 3 Zeichen).').waitFor()
    await dialog.getByLabel('Grund').fill('Smartphone verloren, telefonisch bestätigt')
    await shoot(admin, 'users-reset')
    await dialog.getByRole('button', { name: 'Zurücksetzen' }).click()
    await admin
      .getByText(`Der zweite Faktor von ${CLIENT.displayName} wurde zurückgesetzt.`)
      .waitFor()
    await row.getByText(/Noch keiner – Frist bis/).waitFor()
    const notice = await mailbox.take(
      CLIENT.email,
      /Die Kanzlei hat Ihren zweiten Faktor zurückgesetzt/,
    )
    expect(notice.text).toContain('Grund: Smartphone verloren, telefonisch bestätigt')

    // Disabling asks first; the client's session ends at once.
    await row.getByRole('button', { name: `${CLIENT.displayName} sperren` }).click()
    const confirm = admin.getByRole('dialog', { name: 'Zugang sperren' })
    await confirm.getByRole('button', { name: 'Sperren' }).click()
    await row.getByText('Gesperrt').waitFor()
    await row.getByRole('button', { name: `${CLIENT.displayName} entsperren` }).click()
    const unlock = admin.getByRole('dialog', { name: 'Zugang entsperren' })
    await unlock.getByRole('button', { name: 'Entsperren' }).click()
    await row.getByText('Aktiv').waitFor()
    expectClean()
  })
})
