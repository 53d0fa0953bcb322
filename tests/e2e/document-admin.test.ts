import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, signedInPage, watchPage, type PageWatch } from './helpers/browser'
import { startMailbox, type Mailbox } from './helpers/mailbox'
import { createClientWithOwner, setUpFirm, signInByApi } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, PHONE_SIZE, shoot } from './helpers/shots'
import { FIRM, OWNER, pdf } from './helpers/people'

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots'
const HOLD = 'Betriebsprüfung 2026 – Unterlagen bis zum Abschluss aufbewahren.'


/** Desktop and phone screenshots of the page as it is now (to SHOTS_DIR, default /tmp/shots). */
const shot = (page: Page, name: string) => shoot(page, `document-admin-${name}`, SHOTS)

describe.skipIf(!hasChromium())('document categories, retention and legal holds in the browser', () => {
  let server: PortalServer
  let mailbox: Mailbox
  let browser: Browser
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  let staffCookie = ''
  let clientId = ''
  let staff: Page

  beforeAll(async () => {
    mailbox = await startMailbox()
    server = await startPortal({ env: { SMTP_URL: mailbox.url } })
    await setUpFirm(server, FIRM)
    staffCookie = await signInByApi(server, FIRM.email, FIRM.password)
    clientId = await createClientWithOwner(server, mailbox, staffCookie, OWNER)
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    await mailbox?.close()
  })

  async function signedIn(email: string, password: string, size = DESKTOP_SIZE): Promise<Page> {
    const page = await signedInPage(browser, server.origin, email, password, size)
    contexts.push(page.context())
    watches.push(watchPage(page, server.origin))
    return page
  }

  async function documentsApi(method: string, suffix: string, body?: unknown) {
    const response = await fetch(`${server.origin}/functions/v1/documents${suffix}`, {
      method,
      headers: { Cookie: staffCookie, 'Content-Type': 'application/json', Origin: server.origin },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, json: (await response.json()) as Record<string, unknown> }
  }

  it('the admin adds, renames, reorders and archives firm-wide categories and sets the retention period', async () => {
    staff = await signedIn(FIRM.email, FIRM.password)
    await staff.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click()
    await staff.getByRole('navigation', { name: 'Verwaltung der Kanzlei' }).getByRole('link', { name: 'Ablage', exact: true }).click()
    await staff.waitForURL(`${server.origin}/verwaltung/dokumente`)
    await staff.getByRole('heading', { level: 1, name: 'Dokumentablage' }).waitFor()

    // An empty name is refused in place; nothing is sent.
    await staff.getByRole('button', { name: 'Kategorie hinzufügen' }).click()
    await staff.getByText('Bitte geben Sie einen Namen ein.').waitFor()
    for (const name of ['Steuerbescheide', 'Lohnunterlagen']) {
      await staff.getByLabel('Neue Kategorie').fill(name)
      await staff.getByRole('button', { name: 'Kategorie hinzufügen' }).click()
      await staff.getByText(`Die Kategorie „${name}“ wurde angelegt.`).waitFor()
    }
    // The same name again answers category_exists as a sentence.
    await staff.getByLabel('Neue Kategorie').fill('Steuerbescheide')
    await staff.getByRole('button', { name: 'Kategorie hinzufügen' }).click()
    await staff.getByText('Eine Kategorie mit diesem Namen gibt es hier schon.').waitFor()
    // One for litigation projects only, listed in its own group.
    await staff.getByLabel('Neue Kategorie').fill('Schriftsätze')
    await staff.getByLabel('Gilt für').selectOption({ label: 'Projekte vom Typ „Streitsache“' })
    await staff.getByRole('button', { name: 'Kategorie hinzufügen' }).click()
    await staff.getByRole('heading', { level: 3, name: 'Projekttyp: Streitsache' }).waitFor()

    const firm = staff.getByRole('list', { name: 'Für alle Mandanten' })
    // The firm's default categories come first; new ones are added at the end.
    const names = () => firm.locator('.category-row__name').allInnerTexts()
    await expect.poll(async () => (await names()).slice(-2)).toEqual(['Steuerbescheide', 'Lohnunterlagen'])
    await firm.getByRole('button', { name: '„Lohnunterlagen“ nach oben' }).click()
    await expect.poll(async () => (await names()).slice(-2)).toEqual(['Lohnunterlagen', 'Steuerbescheide'])

    // Rename in place, then archive (and restore) the renamed one.
    await firm.getByRole('listitem').filter({ hasText: 'Lohnunterlagen' }).getByRole('button', { name: 'Umbenennen' }).click()
    await staff.getByLabel('Neuer Name für „Lohnunterlagen“').fill('Lohn- und Gehaltsunterlagen')
    await staff.getByRole('button', { name: 'Speichern', exact: true }).first().click()
    await firm.getByText('Lohn- und Gehaltsunterlagen').waitFor()
    await firm.getByRole('listitem').filter({ hasText: 'Lohn- und Gehaltsunterlagen' }).getByRole('button', { name: 'Archivieren' }).click()
    await staff.getByText('Die Kategorie „Lohn- und Gehaltsunterlagen“ wird nicht mehr angeboten.', { exact: false }).waitFor()
    await firm.getByText('Archiviert').waitFor()

    // Retention: out of range is refused in place, a valid number is saved.
    const years = staff.getByLabel('Aufbewahrungsfrist in Jahren')
    await expect.poll(() => years.inputValue()).toBe('6')
    await years.fill('40')
    await staff.locator('form').filter({ has: years }).getByRole('button', { name: 'Speichern' }).click()
    await staff.getByText('Bitte geben Sie eine ganze Zahl von 1 bis 30 ein.').waitFor()
    await years.fill('10')
    await staff.locator('form').filter({ has: years }).getByRole('button', { name: 'Speichern' }).click()
    await staff.getByText('Die Aufbewahrungsfrist beträgt jetzt 10 Jahre.').waitFor()
    expect((await documentsApi('GET', '/retention')).json.retentionYears).toBe(10)
    await shot(staff, 'admin')

    const managed = (await documentsApi('GET', '/categories/manage')).json.categories as { name: string; archivedAt: string | null; projectType: string | null }[]
    const mine = managed.filter((c) => ['Schriftsätze', 'Steuerbescheide', 'Lohn- und Gehaltsunterlagen'].includes(c.name))
    expect(mine.map((c) => [c.name, Boolean(c.archivedAt), c.projectType]).sort()).toEqual([
      ['Lohn- und Gehaltsunterlagen', true, null],
      ['Schriftsätze', false, 'litigation'],
      ['Steuerbescheide', false, null],
    ])
  })

  it('a client member files an upload under the firm-wide category', async () => {
    const owner = await signedIn(OWNER.email, OWNER.password, PHONE_SIZE)
    await owner.goto(`${server.origin}/mandanten/${clientId}/dokumente`)
    const select = owner.getByLabel('Kategorie', { exact: true })
    await select.waitFor()
    const options = await select.locator('option').allInnerTexts()
    expect(options).toContain('Steuerbescheide')
    // Archived and project-type categories are not offered for the client itself.
    expect(options).not.toContain('Lohn- und Gehaltsunterlagen')
    expect(options).not.toContain('Schriftsätze')
    await select.selectOption({ label: 'Steuerbescheide' })
    await owner.locator('.dropzone input[type=file]').setInputFiles({ name: 'Bescheid-2025.pdf', mimeType: 'application/pdf', buffer: pdf(20_000) })
    await owner.getByText('Hochgeladen', { exact: true }).waitFor({ timeout: 60_000 })
    await shot(owner, 'client-upload')
  })

  it('staff place a legal hold on the client; deleting its documents is blocked until it is lifted', async () => {
    await staff.goto(`${server.origin}/mandanten/${clientId}/einstellungen`)
    await staff.getByRole('heading', { level: 2, name: 'Aufbewahrungssperre' }).waitFor()
    await staff.getByText('Für diesen Mandanten besteht keine Aufbewahrungssperre.').waitFor()
    // The firm-wide categories are named; the client gets one of its own.
    await staff.getByText(/^Kanzleiweit: .*Steuerbescheide/).waitFor()
    await staff.getByLabel('Neue Kategorie').fill('Gesellschafterbeschlüsse')
    await staff.getByRole('button', { name: 'Kategorie hinzufügen' }).click()
    await staff.getByRole('list', { name: 'Nur für diesen Mandanten' }).getByText('Gesellschafterbeschlüsse').waitFor()

    await staff.getByRole('button', { name: 'Sperre setzen' }).click()
    await staff.getByText('Bitte nennen Sie einen Grund (mindestens 3 Zeichen).').waitFor()
    await staff.getByLabel('Grund').fill(HOLD)
    await staff.getByRole('button', { name: 'Sperre setzen' }).click()
    await staff.getByText('Aufbewahrungssperre aktiv').waitFor()
    await staff.getByText(HOLD).waitFor()
    await staff.getByText(new RegExp(`^Gesetzt von ${FIRM.displayName} am \\d\\d\\.\\d\\d\\.\\d{4}, \\d\\d:\\d\\d$`)).waitFor()
    await shot(staff, 'client-settings')
    // A second hold answers legal_hold_exists.
    expect((await documentsApi('POST', '/retention/legal-hold', { clientId, reason: 'noch einmal' })).json.code).toBe('legal_hold_exists')

    // The client's document page tells staff that deleting is blocked, and the delete is refused.
    const documents = (await documentsApi('GET', `?clientId=${clientId}`)).json.documents as { id: string; filename: string; category: string }[]
    const filed = documents.find((d) => d.filename === 'Bescheid-2025.pdf')!
    expect(filed.category).toBe('Steuerbescheide')
    await staff.goto(`${server.origin}/dokumente/${filed.id}`)
    await staff.getByText('Löschen ist gesperrt: Für diesen Mandanten gilt eine Aufbewahrungssperre.').waitFor()
    await shot(staff, 'document-blocked')
    const refused = await documentsApi('POST', `/${filed.id}/delete`, { reason: 'Versehentlich hochgeladen' })
    expect(refused).toMatchObject({ status: 409, json: { code: 'legal_hold' } })

    // Lifting is asked once; afterwards the delete goes through (a fresh upload is still in the
    // 24-hour window for mistakes, which the retention period does not block).
    await staff.goto(`${server.origin}/mandanten/${clientId}/einstellungen`)
    await staff.getByRole('button', { name: 'Sperre aufheben' }).click()
    await staff.getByRole('dialog').getByRole('button', { name: 'Sperre aufheben' }).click()
    await staff.getByText('Die Aufbewahrungssperre ist aufgehoben.').waitFor()
    await staff.getByText('Für diesen Mandanten besteht keine Aufbewahrungssperre.').waitFor()
    expect((await documentsApi('GET', `/retention?clientId=${clientId}`)).json.legalHold).toBeNull()
    const again = await documentsApi('POST', `/${filed.id}/delete`, { reason: 'Versehentlich hochgeladen' })
    expect(again.status).toBe(200)

    for (const watch of watches) {
      expect(watch.foreignRequests, 'requests to other origins').toEqual([])
      expect(watch.errors, 'console errors').toEqual([])
    }
  })
})
