import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, watchPage, type PageWatch } from './helpers/browser'
import { linkIn, startMailbox, type Mailbox } from './helpers/mailbox'
import { clientsCall, setUpFirm, signInByApi } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, PHONE_SIZE, SHOTS, shoot } from './helpers/shots'
import { FIRM, OWNER } from './helpers/people'

const DELEGATE = { displayName: 'Sabine Kurz', email: 's.kurz@alpha-gmbh.example' }
const ADVISER = {
  displayName: 'StB Jana Roth',
  email: 'j.roth@stb-roth.example',
  password: 'Leuchtturm am Morgen der Ostsee',
}
const ADVISER_PAGE = 'Unterlagen für die Steuerberatung'
const DRAFT_PAGE = 'Ablauf der Gründung'
// Raw HTML and a javascript: link must reach the reader as inert text.
const HOSTILE = [
  '## Was wir brauchen',
  '',
  'Bitte laden Sie **bis Freitag** die *Eröffnungsbilanz* hoch:',
  '',
  '- Gesellschaftsvertrag',
  '- Gesellschafterliste',
  '',
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '[Hier klicken](javascript:window.__pwned=3) oder',
  '[Kanzlei](https://kanzlei-berger.example/gruendung).',
].join('\n')

describe.skipIf(!hasChromium())('clients: team, projects, outside participants, audiences', () => {
  let server: PortalServer
  let mailbox: Mailbox
  let browser: Browser
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  let staff: Page
  let owner: Page
  let clientUrl = ''
  let projectUrl = ''
  let betaId = ''

  beforeAll(async () => {
    mailbox = await startMailbox()
    server = await startPortal({ env: { SMTP_URL: mailbox.url } })
    await setUpFirm(server, FIRM)
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

  /** Opens a mailed invitation, sets the password and lands on the enrolment page (aal1). */
  async function acceptInvitation(page: Page, to: string, password: string) {
    const mail = await mailbox.take(to, /Einladung in das Mandantenportal von Kanzlei Berger/)
    await page.goto(linkIn(mail))
    await page.fill('#newPassword', password)
    await page.fill('#newPasswordRepeat', password)
    await page
      .getByText('Dieses Passwort erfüllt alle Anforderungen.')
      .waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: 'Zugang aktivieren' }).click()
    await page.waitForURL(`${server.origin}/sicherheit/zweiter-faktor`)
  }

  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name })
  const tab = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Bereiche des Mandanten' }).getByRole('link', { name })

  it('staff create a client and invite its owner from the team page', async () => {
    staff = await open()
    await staff.goto(`${server.origin}/anmelden`)
    await staff.fill('#email', FIRM.email)
    await staff.fill('#password', FIRM.password)
    await staff.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await staff.waitForURL(`${server.origin}/`)
    await nav(staff, 'Mandanten').click()
    await staff.getByRole('heading', { level: 1, name: 'Mandanten' }).waitFor()
    await staff.getByText('Noch keine Mandanten. Legen Sie den ersten an.').waitFor()

    await staff.getByRole('button', { name: 'Mandant anlegen' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Mandant anlegen' })
    await dialog.getByRole('button', { name: 'Mandant anlegen' }).click()
    await dialog.getByText('Bitte geben Sie den Namen des Mandanten ein.').waitFor()
    await dialog.getByLabel('Name', { exact: true }).fill('Alpha GmbH')
    await shoot(staff, 'client-create')
    await dialog.getByRole('button', { name: 'Mandant anlegen' }).click()
    await staff.waitForURL(/\/mandanten\/[0-9a-f-]{36}$/)
    clientUrl = staff.url()
    await staff.getByRole('heading', { level: 1, name: 'Alpha GmbH' }).waitFor()
    await staff.getByText(`Betreut von ${FIRM.displayName}`).waitFor()
    await staff.getByText('Noch keine Infoseiten').waitFor()

    await tab(staff, 'Team').click()
    await staff.getByText('Noch niemand im Team').waitFor()
    await staff.getByRole('button', { name: 'Person einladen' }).click()
    const invite = staff.getByRole('dialog', { name: 'Person einladen' })
    await invite.getByLabel('Name', { exact: true }).fill(OWNER.displayName)
    await invite.getByLabel('E-Mail-Adresse').fill(OWNER.email)
    await invite.getByLabel('Rolle', { exact: true }).selectOption('owner')
    await shoot(staff, 'team-invite')
    await invite.getByRole('button', { name: 'Einladung senden' }).click()
    await staff
      .getByText(`${OWNER.displayName} gehört jetzt zum Team und wurde per E-Mail benachrichtigt.`)
      .waitFor()
    const row = staff.getByRole('row', { name: new RegExp(OWNER.displayName) })
    await row.getByText('Inhaber/in').waitFor()
    await row.getByText('Noch nie angemeldet').waitFor()

    await nav(staff, 'Mandanten').click()
    await staff.getByRole('link', { name: 'Alpha GmbH' }).waitFor()
    await staff.getByRole('searchbox', { name: 'Mandanten suchen' }).fill('Beta')
    await staff.getByText('Kein Mandant passt zu „Beta“.').waitFor()
    await staff.getByRole('searchbox', { name: 'Mandanten suchen' }).fill('alpha')
    await staff.getByRole('link', { name: 'Alpha GmbH' }).waitFor()
    await shoot(staff, 'clients')
    expectClean()
  })

  it('the owner signs in and invites a delegate with narrowed rights and an expiry', async () => {
    owner = await open(PHONE_SIZE)
    await acceptInvitation(owner, OWNER.email, OWNER.password)
    // Within the grace period the owner may use the portal before setting up a factor.
    await nav(owner, 'Mein Bereich').click()
    await owner.waitForURL(clientUrl)
    await owner.getByRole('heading', { level: 1, name: 'Alpha GmbH' }).waitFor()
    await owner.getByText('Ihre Rolle: Inhaber/in').waitFor()
    expect(await owner.evaluate(() => localStorage.getItem('mandantenportal.client'))).toBe(
      clientUrl.split('/').at(-1),
    )

    await tab(owner, 'Team').click()
    await owner.getByRole('button', { name: 'Person einladen' }).click()
    const invite = owner.getByRole('dialog', { name: 'Person einladen' })
    await invite.getByLabel('Name', { exact: true }).fill(DELEGATE.displayName)
    await invite.getByLabel('E-Mail-Adresse').fill(DELEGATE.email)
    await invite.getByLabel('Rolle', { exact: true }).selectOption('member')
    await invite.getByLabel('Nachrichten an die Kanzlei').uncheck()
    await invite.getByLabel('Termine buchen').uncheck()
    expect(await invite.getByLabel('Team verwalten').isDisabled()).toBe(true)
    const until = new Date(Date.now() + 60 * 86_400_000)
    const isoDate = until.toISOString().slice(0, 10)
    await invite.getByLabel('Zugang bis (optional)').fill(isoDate)
    await shoot(owner, 'team-invite-delegate')
    await invite.getByRole('button', { name: 'Einladung senden' }).click()
    await owner
      .getByText(`${DELEGATE.displayName} wurde per E-Mail eingeladen.`, { exact: false })
      .waitFor()
    // Added by a client's manager, the access waits for the person to accept it.
    const row = owner.getByRole('row', { name: new RegExp(DELEGATE.displayName) })
    await row.getByText('Wartet auf Zustimmung').waitFor()
    await row.getByText('eingeschränkt').waitFor()
    await row.getByText('Dokumente sehen, Dokumente hochladen, Projekte sehen').waitFor()
    const [year, month, day] = isoDate.split('-')
    await row.getByText(`${day}.${month}.${year}`).waitFor()
    const own = owner.getByRole('row', { name: /Maximilian Brandt/ })
    await own.getByText('Sie', { exact: true }).waitFor()
    await shoot(owner, 'team')
    expectClean()
  })

  it('staff create a project and invite the tax adviser by e-mail', async () => {
    await staff.goto(clientUrl)
    await tab(staff, 'Projekte').click()
    await staff.getByText('Noch keine Projekte').waitFor()
    await staff.getByRole('button', { name: 'Projekt anlegen' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Projekt anlegen' })
    await dialog.getByLabel('Name des Projekts').fill('GmbH-Gründung')
    await dialog.getByLabel('Art des Mandats').selectOption('formation')
    await dialog
      .getByLabel('Beschreibung (optional)')
      .fill('Gründung der Alpha GmbH mit Sitz in Stuttgart.')
    await dialog.getByRole('button', { name: 'Projekt anlegen' }).click()
    await staff.waitForURL(/\/projekte\/[0-9a-f-]{36}$/)
    projectUrl = staff.url()
    await staff.getByRole('heading', { level: 1, name: 'GmbH-Gründung' }).waitFor()

    const participants = staff.getByRole('region', { name: 'Beteiligte' })
    await participants.getByLabel('Person des Mandanten hinzufügen').selectOption({
      label: OWNER.displayName,
    })
    await participants.getByRole('button', { name: 'Hinzufügen' }).click()
    await participants.getByText(`${OWNER.displayName} ist jetzt am Projekt beteiligt.`).waitFor()

    await participants.getByRole('button', { name: 'Externe Person einladen' }).click()
    const invite = staff.getByRole('dialog', { name: 'Externe Person einladen' })
    await invite.getByLabel('Name', { exact: true }).fill(ADVISER.displayName)
    await invite.getByLabel('E-Mail-Adresse').fill(ADVISER.email)
    await shoot(staff, 'project-invite-outside')
    await invite.getByRole('button', { name: 'Einladung senden' }).click()
    await participants.getByText(`${ADVISER.displayName} wurde eingeladen`).waitFor()
    const adviserRow = participants.getByRole('listitem').filter({ hasText: ADVISER.displayName })
    await adviserRow.getByText('Extern').waitFor()

    await staff.getByRole('radio', { name: 'Pausiert' }).check()
    await staff.getByText('Gespeichert: Pausiert.').waitFor()
    await staff.getByRole('radio', { name: 'Offen' }).check()
    await staff.getByText('Gespeichert: Offen.').waitFor()
    await shoot(staff, 'project')
    expectClean()
  })

  it('staff write an info page for the tax adviser alone; Markdown stays inert', async () => {
    await staff.getByRole('link', { name: 'Infoseite schreiben' }).click()
    await staff.waitForURL(/\/infoseiten\/neu\?projekt=/)
    await staff.getByRole('heading', { level: 1, name: 'Neue Infoseite' }).waitFor()
    expect(await staff.getByRole('radio', { name: /Alle im Projekt/ }).isChecked()).toBe(true)
    await staff.getByRole('radio', { name: /Bestimmte Personen/ }).check()
    await staff.getByRole('button', { name: 'Veröffentlichen' }).click()
    await staff.getByText('Bitte wählen Sie mindestens eine Person.').waitFor()
    await staff.getByText('Bitte geben Sie einen Titel ein.').waitFor()
    await staff.getByLabel(ADVISER.displayName).check()
    await staff.getByLabel('Titel', { exact: true }).fill(ADVISER_PAGE)
    await staff.getByLabel('Text', { exact: true }).fill(HOSTILE)

    const preview = staff.locator('#page-preview')
    await preview.getByRole('heading', { level: 2, name: 'Was wir brauchen' }).waitFor()
    await preview.locator('strong', { hasText: 'bis Freitag' }).waitFor()
    await preview.getByText('<script>window.__pwned = 1</script>').waitFor()
    await preview.getByText('<img src=x onerror="window.__pwned = 2">').waitFor()
    await preview.getByText('[Hier klicken](javascript:window.__pwned=3)').waitFor()
    expect(await preview.locator('script, img, iframe').count()).toBe(0)
    expect(await staff.locator('a[href^="javascript" i]').count()).toBe(0)
    const hrefs = await preview
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
    expect(hrefs).toEqual(['https://kanzlei-berger.example/gruendung'])
    await shoot(staff, 'info-page-editor')
    // On a phone, writing and preview take turns.
    await staff.setViewportSize(PHONE_SIZE)
    await staff.getByRole('button', { name: 'Vorschau', exact: true }).click()
    await preview.getByRole('heading', { name: 'Was wir brauchen' }).waitFor()
    expect(await staff.locator('#page-body').isVisible()).toBe(false)
    await staff.screenshot({ path: `${SHOTS}/info-page-editor-preview-phone.png`, fullPage: true })
    await staff.getByRole('button', { name: 'Schreiben', exact: true }).click()
    await staff.setViewportSize(DESKTOP_SIZE)
    await staff.getByRole('button', { name: 'Veröffentlichen' }).click()
    await staff.waitForURL(/\/infoseiten\/[0-9a-f-]{36}$/)
    await staff.getByRole('heading', { level: 1, name: ADVISER_PAGE }).waitFor()
    const chip = staff.getByRole('button', {
      name: `Sichtbar für: 1 Person: ${ADVISER.displayName}`,
    })
    await chip.click()
    await staff.getByText('Nur diese Personen und die Kanzlei:').waitFor()
    await shoot(staff, 'info-page')
    expect(await staff.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()

    // A firm-internal draft for the whole client, widened later.
    await staff.goto(`${clientUrl}/infoseiten/neu`)
    expect(await staff.getByRole('radio', { name: /Nur Kanzlei/ }).isChecked()).toBe(true)
    await staff.getByLabel('Titel', { exact: true }).fill(DRAFT_PAGE)
    await staff
      .getByLabel('Text', { exact: true })
      .fill('1. Notartermin\n2. Eintragung ins Handelsregister')
    await staff.getByRole('button', { name: 'Veröffentlichen' }).click()
    await staff.getByRole('button', { name: 'Sichtbar für: Nur Kanzlei' }).waitFor()
    expectClean()
  })

  it('the tax adviser sees the project name and exactly the page addressed to them', async () => {
    const adviser = await open(PHONE_SIZE)
    await acceptInvitation(adviser, ADVISER.email, ADVISER.password)
    await nav(adviser, 'Übersicht').click()
    const projects = adviser.getByRole('region', { name: 'Meine Projekte' })
    await projects.getByRole('link', { name: 'GmbH-Gründung' }).waitFor()
    expect(await nav(adviser, 'Mein Bereich').count()).toBe(0)
    await shoot(adviser, 'my-projects')

    await projects.getByRole('link', { name: 'GmbH-Gründung' }).click()
    await adviser.waitForURL(projectUrl)
    const shared = adviser.getByRole('region', { name: 'Für Sie freigegeben' })
    await shared.getByRole('link', { name: ADVISER_PAGE }).waitFor()
    expect(await shared.getByRole('listitem').count()).toBe(1)
    expect(await adviser.getByText(DRAFT_PAGE).count()).toBe(0)
    expect(await adviser.getByRole('region', { name: 'Beteiligte' }).count()).toBe(0)
    await shoot(adviser, 'project-external')

    await shared.getByRole('link', { name: ADVISER_PAGE }).click()
    await adviser.getByRole('heading', { level: 1, name: ADVISER_PAGE }).waitFor()
    await adviser.getByText('<script>window.__pwned = 1</script>').waitFor()
    expect(await adviser.getByRole('button', { name: 'Bearbeiten' }).count()).toBe(0)
    expect(await adviser.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()

    // The client itself stays closed to the adviser.
    await adviser.goto(clientUrl)
    await adviser
      .getByRole('heading', { name: 'Dieser Mandant ist für Sie nicht verfügbar' })
      .waitFor()
    expectClean()
  })

  it('staff widen the internal page to the whole client after confirming', async () => {
    await owner.goto(clientUrl)
    await owner.getByText('Noch keine Infoseiten').waitFor()

    await staff.getByRole('link', { name: 'Bearbeiten' }).click()
    await staff.getByRole('heading', { level: 1, name: DRAFT_PAGE }).waitFor()
    await staff.getByRole('radio', { name: /Alle beim Mandanten/ }).check()
    await staff.getByRole('button', { name: 'Speichern' }).click()
    const confirm = staff.getByRole('dialog', { name: 'Sichtbarkeit erweitern' })
    await confirm.getByText('Bisher: Nur Kanzlei. Künftig: Alle bei Alpha GmbH.').waitFor()
    // The delegate has not accepted yet: only the owner newly sees the page.
    await confirm.getByText(`Neu sehen diese Seite: ${OWNER.displayName}.`).waitFor()
    await shoot(staff, 'audience-widen')
    await confirm.getByRole('button', { name: 'Ja, Sichtbarkeit erweitern' }).click()
    await staff.getByRole('button', { name: 'Sichtbar für: Alle bei Alpha GmbH' }).waitFor()

    await owner.reload()
    const pages = owner.getByRole('list', { name: 'Infoseiten' })
    await pages.getByRole('link', { name: DRAFT_PAGE }).waitFor()
    await pages.getByRole('button', { name: 'Sichtbar für: Alle bei Alpha GmbH' }).waitFor()
    expect(await owner.getByText(ADVISER_PAGE).count()).toBe(0)
    await shoot(owner, 'client-overview')
    await staff.goto(clientUrl)
    await staff.getByRole('link', { name: ADVISER_PAGE }).waitFor()
    await shoot(staff, 'client-overview-staff')
    expectClean()
  })

  it('a person with two clients switches between them and remembers the choice', async () => {
    const cookie = await signInByApi(server, FIRM.email, FIRM.password)
    const beta = await clientsCall(server, 'POST', '', { name: 'Beta KG' }, cookie)
    expect(beta.status).toBe(201)
    betaId = beta.json.id
    const member = { email: OWNER.email, displayName: OWNER.displayName, role: 'owner' }
    const added = await clientsCall(server, 'POST', `/${betaId}/members`, member, cookie)
    expect(added.status).toBe(201)
    await mailbox.take(OWNER.email, /Sie haben Zugang zu Beta KG/)

    await owner.goto(`${server.origin}/`)
    await owner.getByRole('button', { name: 'Mandant wechseln: Alpha GmbH' }).click()
    await shoot(owner, 'client-switcher')
    await owner.locator('.switcher__panel').getByRole('link', { name: /Beta KG/ }).click()
    await owner.getByRole('heading', { level: 1, name: 'Beta KG' }).waitFor()
    await owner.getByRole('button', { name: 'Mandant wechseln: Beta KG' }).waitFor()
    expect(await owner.evaluate(() => localStorage.getItem('mandantenportal.client'))).toBe(betaId)
    await owner.reload()
    await nav(owner, 'Mein Bereich').click()
    await owner.waitForURL(`${server.origin}/mandanten/${betaId}`)
    expectClean()
  })

  it('access added by a client’s manager waits until the person accepts it', async () => {
    const delegate = await open(PHONE_SIZE)
    await acceptInvitation(delegate, DELEGATE.email, 'Zitronenfalter über dem Bodensee')
    await delegate.goto(clientUrl)
    await delegate.getByText('Ihre Rolle: Mitglied').waitFor()

    // The owner of Beta KG adds the delegate (an existing account) there too: pending.
    await tab(owner, 'Team').click()
    await owner.getByRole('button', { name: 'Person einladen' }).click()
    const invite = owner.getByRole('dialog', { name: 'Person einladen' })
    await invite.getByLabel('Name', { exact: true }).fill(DELEGATE.displayName)
    await invite.getByLabel('E-Mail-Adresse').fill(DELEGATE.email)
    await invite.getByLabel('Rolle', { exact: true }).selectOption('viewer')
    await invite.getByRole('button', { name: 'Einladung senden' }).click()
    const pendingRow = owner.getByRole('row', { name: new RegExp(DELEGATE.displayName) })
    await pendingRow.getByText('Wartet auf Zustimmung').waitFor()

    const notice = await mailbox.take(DELEGATE.email, /Sie haben Zugang zu Beta KG/)
    expect(linkIn(notice)).toBe(`${server.origin}/einladungen`)
    await delegate.goto(`${server.origin}/`)
    await delegate.getByRole('link', { name: 'Einladung ansehen' }).click()
    await delegate.getByRole('heading', { level: 1, name: 'Einladungen' }).waitFor()
    await delegate.getByText('Als Nur lesen · eingeladen am', { exact: false }).waitFor()
    // Not accepted yet: Beta KG is not one of the clients she can switch to.
    expect(await delegate.getByRole('button', { name: /Mandant wechseln/ }).count()).toBe(0)
    await shoot(delegate, 'invitations')
    await delegate.getByRole('button', { name: 'Zugang zu Beta KG annehmen' }).click()
    await delegate.getByText('Sie haben jetzt Zugang zu Beta KG.').waitFor()
    await delegate.getByText('Keine offenen Einladungen').waitFor()
    await delegate.getByRole('link', { name: 'Beta KG öffnen' }).click()
    await delegate.getByRole('heading', { level: 1, name: 'Beta KG' }).waitFor()
    await delegate.getByRole('button', { name: 'Mandant wechseln: Beta KG' }).waitFor()
    expectClean()
  })

  it('staff change client settings and keep client groups with a group info page', async () => {
    await staff.goto(`${clientUrl}/einstellungen`)
    const outside = staff.getByRole('switch', {
      name: 'Verwalter dürfen externe Beteiligte einladen',
    })
    await outside.click()
    await staff.getByText('Gespeichert: Verwalter dürfen Externe einladen.').waitFor()
    await shoot(staff, 'client-settings')

    await staff.goto(`${server.origin}/verwaltung/gruppen`)
    await staff.getByText('Noch keine Gruppen').waitFor()
    await staff.getByRole('button', { name: 'Gruppe anlegen' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Gruppe anlegen' })
    await dialog.getByLabel('Name der Gruppe').fill('GmbH-Gründer')
    await dialog.getByRole('button', { name: 'Gruppe anlegen' }).click()
    const group = staff.getByRole('region', { name: 'GmbH-Gründer' })
    await group.getByLabel('Mandant hinzufügen').selectOption({ index: 0 })
    await group.getByRole('button', { name: 'Hinzufügen' }).click()
    await group.getByRole('link', { name: 'Alpha GmbH' }).waitFor()
    await shoot(staff, 'groups')
    await group.getByRole('link', { name: 'Infoseite für die Gruppe' }).click()
    await staff.getByLabel('Titel', { exact: true }).fill('Checkliste für Gründer')
    await staff
      .getByLabel('Text', { exact: true })
      .fill('- Stammkapital einzahlen\n- Bankkonto eröffnen')
    await staff.getByRole('button', { name: 'Veröffentlichen' }).click()
    await staff.getByRole('button', { name: 'Sichtbar für: Gruppe: GmbH-Gründer' }).waitFor()
    expectClean()
  })
})
