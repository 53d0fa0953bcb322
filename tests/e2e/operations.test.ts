import { readFile } from 'node:fs/promises'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readZip } from '../functions/operations/read-zip'
import { hasChromium, launchChromium, signedInPage, watchPage, type PageWatch } from './helpers/browser'
import { startMailbox, type Mailbox } from './helpers/mailbox'
import { clientsCall, createClientWithOwner, ownerDatabase, setUpFirm, signInByApi } from './helpers/portal-api'
import { FIRM, OWNER, pdf } from './helpers/people'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, shoot } from './helpers/shots'

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots'
const shot = (page: Page, name: string) => shoot(page, `operations-${name}`, SHOTS)

/**
 * Data protection in the browser: staff record a client's mandate end on the settings tab (a date
 * in the future or before the client was created is refused in German, the record says who set it) and
 * download its GDPR export (the uploaded file inside, byte-identical); the admin finds the
 * deletion proposal under Aufbewahrung, a wrong client number is refused in German, the right one
 * deletes the client.
 */
describe.skipIf(!hasChromium())('retention and GDPR export in the browser', () => {
  let server: PortalServer
  let mailbox: Mailbox
  let browser: Browser
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  let clientId = ''
  let clientNumber = ''
  const body = pdf(4000)
  const today = new Date().toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' })

  beforeAll(async () => {
    mailbox = await startMailbox()
    server = await startPortal({ env: { SMTP_URL: mailbox.url } })
    await setUpFirm(server, FIRM)
    const cookie = await signInByApi(server, FIRM.email, FIRM.password)
    clientId = await createClientWithOwner(server, mailbox, cookie, OWNER)
    clientNumber = (await clientsCall(server, 'GET', `/${clientId}`, undefined, cookie)).json.number
    const upload = await fetch(`${server.origin}/functions/v1/documents?clientId=${clientId}&filename=Bilanz-2025.pdf`, {
      method: 'POST',
      headers: { cookie, origin: server.origin, 'content-type': 'application/pdf' },
      body,
    })
    expect(upload.status).toBe(201)
    browser = await launchChromium()
  }, 240_000)

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    await mailbox?.close()
  })

  it('records the mandate end, downloads the export, and deletes the client after confirming its number', async () => {
    const page = await signedInPage(browser, server.origin, FIRM.email, FIRM.password, DESKTOP_SIZE)
    contexts.push(page.context())
    watches.push(watchPage(page, server.origin))

    await page.goto(`${server.origin}/mandanten/${clientId}/einstellungen`)
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Datenschutz und Aufbewahrung' }) })
    await panel.getByText('Das Mandat läuft; es wird nicht zur Löschung vorgeschlagen.').waitFor()
    const mandateEnd = panel.getByLabel('Mandatsende')
    const save = panel.getByRole('button', { name: 'Speichern' })
    await mandateEnd.fill('2099-01-01')
    await save.click()
    await panel.getByText('Das Mandatsende kann nicht in der Zukunft liegen. Tragen Sie es ein, wenn das Mandat beendet ist.').waitFor()
    await shot(page, 'mandate-end-future')
    await mandateEnd.fill('2019-03-31')
    await save.click()
    await panel.getByText('Das Mandatsende kann nicht vor dem Tag liegen, an dem der Mandant im Portal angelegt wurde.').waitFor()
    // The firm took the client on in 2018 (the portal came later): then 2019 is a valid mandate end.
    const sql = await ownerDatabase(server)
    try {
      await sql`update public.clients set created_at = '2018-06-01T10:00:00+02' where id = ${clientId}`
    } finally {
      await sql.end()
    }
    await save.click()
    await panel.getByText('Das Mandatsende wurde gespeichert.').waitFor()
    await panel.getByText('Aufbewahrung bis 31.12.2025 (6 Jahre ab Ende des Kalenderjahres).').waitFor()
    await panel.getByText(`Eingetragen von ${FIRM.displayName} am ${today}.`).waitFor()
    await panel.scrollIntoViewIfNeeded()
    await shot(page, 'client-settings')

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Datenexport herunterladen (ZIP)' }).click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^Datenexport-${clientNumber}-\\d{4}-\\d{2}-\\d{2}\\.zip$`))
    const entries = readZip(await readFile((await download.path())!))
    expect(entries.get('dokumente/dateien/1-Bilanz-2025.pdf')?.equals(body)).toBe(true)
    expect(entries.has('LIESMICH.txt')).toBe(true)

    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click()
    await page.getByRole('navigation', { name: 'Verwaltung der Kanzlei' }).getByRole('link', { name: 'Aufbewahrung', exact: true }).click()
    await page.waitForURL(`${server.origin}/verwaltung/aufbewahrung`)
    await page.getByRole('heading', { level: 1, name: 'Aufbewahrung und Löschung' }).waitFor()
    const proposals = page.locator('section', { has: page.getByRole('heading', { name: 'Löschvorschläge' }) })
    await proposals.getByRole('row', { name: /Alpha GmbH/ }).getByText('31.12.2025').waitFor()
    await proposals.getByRole('row', { name: /Alpha GmbH/ }).getByText(`eingetragen von ${FIRM.displayName} am ${today}`).waitFor()
    await shot(page, 'proposals')

    await proposals.getByRole('button', { name: 'Mandant löschen: Alpha GmbH' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(`Mandatsende 31.03.2019, eingetragen von ${FIRM.displayName} am ${today}.`).waitFor()
    await dialog.getByLabel(`Zur Bestätigung die Mandantennummer ${clientNumber} eingeben`).fill('2020-99999')
    await dialog.getByRole('button', { name: 'Mandant löschen' }).click()
    await dialog.getByText('Die Mandantennummer stimmt nicht. Bitte genau so eingeben, wie sie angezeigt wird.').waitFor()
    await shot(page, 'delete-dialog')
    await dialog.getByLabel(`Zur Bestätigung die Mandantennummer ${clientNumber} eingeben`).fill(clientNumber)
    await dialog.getByRole('button', { name: 'Mandant löschen' }).click()
    await page.getByText('Alpha GmbH wurde gelöscht. Dokumente: 1, Dateien: 1.').waitFor()
    await page.getByText('Zurzeit ist bei keinem Mandat die Aufbewahrungsfrist abgelaufen.').waitFor()
    await shot(page, 'deleted')

    for (const watch of watches) {
      expect(watch.foreignRequests, 'requests to other origins').toEqual([])
      expect(watch.errors, 'console errors').toEqual([])
    }
  })
})
